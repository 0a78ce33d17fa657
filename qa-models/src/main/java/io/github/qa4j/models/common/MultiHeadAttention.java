package io.github.qa4j.models.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.qa4j.core.ops.Scalars;
import io.github.qa4j.models.precision.MatrixProducts;

/**
 * The arithmetic of scaled dot-product self-attention that BERT, RoBERTa, ELECTRA, DistilBERT and
 * ALBERT share; their blocks differ only in the names of the projections around it.
 */
public final class MultiHeadAttention {

  private MultiHeadAttention() {}

  /**
   * transformers' extended attention mask: {@code (1 - mask) * float32.min}, shaped {@code [batch,
   * 1, 1, seqLen]} to add to every head's scores.
   *
   * @param attentionMask 1 for tokens, 0 for padding, {@code [batch, seqLen]}
   */
  public static NDArray additiveMask(NDArray attentionMask) {
    Shape s = attentionMask.getShape();
    return attentionMask
        .toType(DataType.FLOAT32, false)
        .neg()
        .add(1f)
        .mul(-Float.MAX_VALUE)
        .reshape(s.get(0), 1, 1, s.get(1));
  }

  /**
   * Splits the last axis into heads: {@code [batch, seqLen, heads * headSize]} to {@code [batch,
   * heads, seqLen, headSize]}.
   */
  public static NDArray splitHeads(NDArray x, int heads) {
    Shape s = x.getShape();
    return x.reshape(s.get(0), s.get(1), heads, s.get(2) / heads).transpose(0, 2, 1, 3);
  }

  /**
   * {@code dropout(softmax(scores / sqrt(headSize) + additiveMask)) values}, with the heads merged
   * back: {@code [batch, seqLen, heads * headSize]}.
   *
   * @param scores raw scores {@code [batch, heads, seqLen, seqLen]}
   * @param values {@code [batch, heads, seqLen, headSize]}
   * @param additiveMask from {@link #additiveMask(NDArray)}
   * @param dropout dropout rate of the attention probabilities
   * @param training whether dropout is active
   * @param products the arithmetic of the probabilities-by-values product
   */
  public static NDArray attend(
      NDArray scores,
      NDArray values,
      NDArray additiveMask,
      float dropout,
      boolean training,
      MatrixProducts products) {
    Shape v = values.getShape();
    NDArray scaled = Scalars.div(scores, Math.sqrt(v.get(3))).add(additiveMask);
    NDArray probs = Dropouts.apply(scaled.softmax(-1), dropout, training);
    return products
        .matMul(probs, values, training)
        .transpose(0, 2, 1, 3)
        .reshape(v.get(0), v.get(2), v.get(1) * v.get(3));
  }

  /**
   * Plain multi-head attention over projected queries, keys and values, each {@code [batch, seqLen,
   * heads * headSize]}; returns the context, shaped like {@code query}.
   *
   * @param query projected queries
   * @param key projected keys
   * @param value projected values
   * @param heads number of heads
   * @param additiveMask from {@link #additiveMask(NDArray)}
   * @param dropout dropout rate of the attention probabilities
   * @param training whether dropout is active
   */
  public static NDArray selfAttention(
      NDArray query,
      NDArray key,
      NDArray value,
      int heads,
      NDArray additiveMask,
      float dropout,
      boolean training) {
    NDArray q = splitHeads(query, heads);
    NDArray k = splitHeads(key, heads);
    NDArray scores = q.matMul(k.transpose(0, 1, 3, 2));
    return attend(
        scores, splitHeads(value, heads), additiveMask, dropout, training, MatrixProducts.FLOAT32);
  }
}
