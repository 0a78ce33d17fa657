/** The {@code qa} command line; one class per subcommand. */
package io.github.qa4j.examples.cli;
