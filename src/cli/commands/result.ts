/** What a lab command produces: machine-readable JSON and a human-readable text rendering. */
export interface CommandResult {
  json: unknown;
  text: string;
}
