/** A configuration the app refuses to run with; its message is one sentence saying what to set. */
export class ConfigError extends Error {
  override name = "ConfigError";
}
