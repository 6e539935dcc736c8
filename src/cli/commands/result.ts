/**
 * What a lab command produces: machine-readable JSON and a human-readable text rendering (or a
 * function that renders it, so that a --json run of a large result does not format it).
 */
export interface CommandResult {
  json: unknown;
  text: string | (() => string);
}
