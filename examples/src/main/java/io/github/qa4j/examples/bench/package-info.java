/**
 * Benchmark harnesses, run by hand with {@code java -cp examples/target/qa.jar CLASS ...}; results
 * and the machines they ran on are in {@code docs/benchmarks.md}. Speed is measured here, never
 * asserted in tests.
 */
package io.github.qa4j.examples.bench;
