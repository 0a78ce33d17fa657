package io.github.qa4j.models.common;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import com.google.common.collect.ImmutableMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A DJL block whose parameters and children carry Hugging Face names, so that {@link
 * #namedParameters()} yields the names of a transformers state dict ({@code
 * encoder.layer.0.attention.self.query.weight}).
 *
 * <p>Parameters are declared with their shapes but without arrays; {@link ModelWeights} fills them
 * from a checkpoint or initializes them. Children are also registered with DJL, so {@link
 * Block#getParameters()} and DJL's trainers see every parameter.
 */
public abstract class NamedBlock extends AbstractBlock {

  private static final byte VERSION = 1;

  private final Map<String, Parameter> ownParameters = new LinkedHashMap<>();
  private final Map<String, NamedBlock> namedChildren = new LinkedHashMap<>();

  /** Creates an empty block. */
  protected NamedBlock() {
    super(VERSION);
  }

  /**
   * Declares a trainable parameter.
   *
   * @param name the Hugging Face name within this block, for example {@code weight}
   * @param type the DJL parameter type
   * @param shape its shape
   */
  protected final Parameter parameter(String name, Parameter.Type type, Shape shape) {
    return parameter(name, type, shape, true);
  }

  /**
   * Declares a parameter.
   *
   * @param name the Hugging Face name within this block
   * @param type the DJL parameter type
   * @param shape its shape
   * @param trainable whether gradients are computed for it
   */
  protected final Parameter parameter(
      String name, Parameter.Type type, Shape shape, boolean trainable) {
    Parameter p =
        addParameter(
            Parameter.builder()
                .setName(name)
                .setType(type)
                .optShape(shape)
                .optRequiresGrad(trainable)
                .build());
    ownParameters.put(name, p);
    return p;
  }

  /**
   * Registers a child block under its Hugging Face name; an empty name puts the child's parameters
   * directly in this block's namespace (heads whose parameters sit at the top level).
   */
  protected final <B extends NamedBlock> B child(String name, B block) {
    addChildBlock(name.isEmpty() ? block.getClass().getSimpleName() : name, block);
    namedChildren.put(name, block);
    return block;
  }

  /** Every parameter of this block and its children by Hugging Face name, in declaration order. */
  public final Map<String, Parameter> namedParameters() {
    return namedParameters("");
  }

  /**
   * Every parameter with {@code prefix} in front of its name, in declaration order.
   *
   * @param prefix for example {@code bert.}, or empty
   */
  public final Map<String, Parameter> namedParameters(String prefix) {
    Map<String, Parameter> out = new LinkedHashMap<>();
    collect(prefix, out);
    return ImmutableMap.copyOf(out);
  }

  private void collect(String prefix, Map<String, Parameter> out) {
    ownParameters.forEach((name, p) -> out.put(prefix + name, p));
    namedChildren.forEach(
        (name, block) -> block.collect(name.isEmpty() ? prefix : prefix + name + ".", out));
  }

  /**
   * Whether every parameter has its array. DJL's default also requires input shapes recorded by
   * {@code initialize}, which blocks filled by {@link ModelWeights} never have, so a training
   * {@code forward} would try to initialize them again and fail.
   */
  @Override
  public boolean isInitialized() {
    return getParameters().values().stream().allMatch(Parameter::isInitialized);
  }
}
