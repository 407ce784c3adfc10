/** One schema step. Plain SQL in a TS module, so it ships in dist/ after `tsc` and loads under jest alike. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
