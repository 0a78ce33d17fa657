/** Value types for questions, contexts and gold answers, independent of any file format. */
package io.github.qa4j.core.data;
