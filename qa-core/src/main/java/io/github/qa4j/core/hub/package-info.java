/**
 * Model resolution: turns a local directory, a Hugging Face repository id or Maven coordinates into
 * a Hugging Face model directory, downloading into the Hugging Face cache layout when needed. See
 * {@link io.github.qa4j.core.hub.ModelResolver}.
 */
package io.github.qa4j.core.hub;
