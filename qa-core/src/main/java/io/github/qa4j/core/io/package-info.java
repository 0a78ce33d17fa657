/** File formats shared by the modules: safetensors tensors and atomic writes. */
package io.github.qa4j.core.io;
