/** Cutting (question, context) pairs into overlapping, labeled model windows. */
package io.github.qa4j.core.features;
