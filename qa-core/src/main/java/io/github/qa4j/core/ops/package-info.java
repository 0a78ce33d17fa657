/** Tensor helpers that work around engine pitfalls on the autograd path. */
package io.github.qa4j.core.ops;
