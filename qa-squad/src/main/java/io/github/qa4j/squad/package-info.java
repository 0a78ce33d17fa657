/**
 * SQuAD v1.1 and v2.0 JSON files: a streaming reader with answer validation, gold answers for
 * evaluation, seeded splits by article, and an atomic writer.
 */
package io.github.qa4j.squad;
