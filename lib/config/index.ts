// The config module's public surface: load and validate an incident YAML file, durations, types.
export { defaultConfigPath, loadConfigFile, parseConfigText, type ConfigResult } from "./load";
export { formatProblem, formatPath, type ConfigProblem } from "./problems";
export {
  durationRangeSchema,
  durationSchema,
  formatDuration,
  parseDuration,
  parseDurationRange,
  positiveDurationSchema,
  type DurationRange,
} from "./duration";
export { interpolateString } from "./interpolate";
export { findDependencyCycles } from "./references";
export { PROBE_TYPES } from "./probe-schema";
export { configSchema } from "./schema";
export type * from "./schema";
export { notifySecretsOf, type ChannelConfig, type NotifyConfig, type RuleConfig } from "./notify-schema";
