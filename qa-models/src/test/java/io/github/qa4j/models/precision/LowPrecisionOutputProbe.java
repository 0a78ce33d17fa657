package io.github.qa4j.models.precision;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.github.qa4j.core.model.Precision;
import io.github.qa4j.core.model.QaBatch;
import io.github.qa4j.core.model.QaModel;
import io.github.qa4j.core.model.QaOutputs;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a child JVM by {@link LowPrecisionOutputsTest}: DJL 0.36 terminates the JVM on a bfloat16
 * array in {@code softmax} or {@code toString}, which no test JVM should risk. Converts each tiny
 * fixture to bf16 and INT8, predicts, and puts every array a caller can reach (outputs, the
 * inference loss, the parameters) through {@code getDataType}, {@code softmax} and {@code
 * toString}. Prints {@value #DONE} and exits 0 when all of them are float32 (or int64 indices).
 */
public final class LowPrecisionOutputProbe {

  static final String DONE = "probe finished: every reachable array is float32 or int64";

  private LowPrecisionOutputProbe() {}

  /** Probes the fixtures named as arguments. */
  public static void main(String[] fixtures) throws Exception {
    for (String fixture : fixtures) {
      for (Precision precision : List.of(Precision.BF16, Precision.INT8)) {
        probe(fixture, precision);
      }
    }
    System.out.println(DONE);
  }

  private static void probe(String fixture, Precision precision) throws Exception {
    try (QaModel model = PrecisionAgreementTest.load(fixture);
        NDManager m = NDManager.newBaseManager(Device.cpu())) {
      model.usePrecision(precision, true);
      ParameterStore store = new ParameterStore(m, false);
      QaBatch batch = PrecisionAgreementTest.batch(m, fixture);
      List<NDArray> reachable = new ArrayList<>(outputs(model.predict(store, batch)));
      for (Parameter p : model.namedParameters().values()) {
        reachable.add(p.getArray());
      }
      for (NDArray array : reachable) {
        DataType type = array.getDataType();
        if (type != DataType.FLOAT32 && type != DataType.INT64) {
          throw new AssertionError(fixture + " " + precision + ": a " + type + " array");
        }
        if (type == DataType.FLOAT32) {
          array.softmax(-1).close();
        }
        if (array.toString().isEmpty()) {
          throw new AssertionError("empty toString");
        }
      }
      System.out.println(fixture + " " + precision + ": " + reachable.size() + " arrays checked");
    }
  }

  private static List<NDArray> outputs(QaOutputs out) {
    if (out instanceof QaOutputs.Span s) {
      return List.of(s.startLogits(), s.endLogits());
    }
    QaOutputs.BeamSearch b = (QaOutputs.BeamSearch) out;
    return List.of(
        b.startTopProbs(), b.startTopIndex(), b.endTopProbs(), b.endTopIndex(), b.clsLogits());
  }
}
