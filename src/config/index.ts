export { githubWebUrl } from './github-web-url.ts';
export { isRepoFullName, REPO_FULL_NAME } from './repo-name.ts';
export { appEnvSchema, githubEnvShape, isCron, serverEnvShape, triageEnvShape } from './env.schema.ts';
export { sourceEnvShape, sourceSettingsOf } from './source-settings.ts';
export type { SourceEnv, SourceSettings } from './source-settings.ts';
export { readCliSettings } from './cli-settings.ts';
export type { CliSettings } from './cli-settings.ts';
export { readEnv } from './read-env.ts';
export type { EnvResult } from './read-env.ts';
export type { AppEnv, LogLevel } from './env.schema.ts';
export { ConfigError, isSetupMode, loadAppConfig, readPrivateKey } from './load-app-config.ts';
export type { AppConfig, ConfigIssue, EnvInput, LoadConfigOptions } from './load-app-config.ts';
export {
  DEFAULT_REPO_CONFIG,
  REPO_CONFIG_PATH,
  createRepoConfigCache,
  isJobIgnored,
  matchGlob,
  parseRepoConfig,
} from './repo-config.ts';
export type {
  FetchConfigText,
  ParsedRepoConfig,
  RepoConfig,
  RepoConfigCache,
  RepoConfigCacheOptions,
} from './repo-config.ts';
