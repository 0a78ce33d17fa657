/** Benchmark harnesses: runnable with {@code java -cp examples/target/qa.jar CLASS}. */
package io.github.qa4j.examples.bench;
