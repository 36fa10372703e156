import * as core from '@actions/core';
import type { SourceLocation } from '../../packages/errors/index.js';
import type { Logger } from '../../packages/logging/index.js';

/** What the runner was told to mask already: a value read as an input and handed to a client is masked once. */
const masked = new Set<string>();

/** The packages' Logger, backed by the runner's log and annotations. */
export const coreLogger: Logger = {
  debug: (message) => core.debug(message),
  info: (message) => core.info(message),
  warning: (message, location) => core.warning(message, annotation(location)),
  error: (message, location) => core.error(message, annotation(location)),
  secret: (value) => {
    if (masked.has(value)) return;
    masked.add(value);
    core.setSecret(value);
  },
  group: (title, body) => core.group(title, body),
};

export function annotation(location: SourceLocation | undefined): core.AnnotationProperties {
  if (!location) return {};
  const props: core.AnnotationProperties = { file: location.file };
  if (location.line !== undefined) props.startLine = location.line;
  if (location.endLine !== undefined) props.endLine = location.endLine;
  // GitHub rejects columns on annotations that span several lines.
  if (location.column !== undefined && (location.endLine === undefined || location.endLine === location.line)) {
    props.startColumn = location.column;
    if (location.endColumn !== undefined) props.endColumn = location.endColumn;
  }
  return props;
}
