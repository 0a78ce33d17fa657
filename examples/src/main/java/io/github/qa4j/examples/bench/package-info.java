/**
 * Benchmark harnesses, run with {@code java -cp examples/target/qa.jar CLASS ...}; results and the
 * machines they ran on are in {@code docs/benchmarks.md}.
 */
package io.github.qa4j.examples.bench;
