// Reads the header the GitHub Actions runner prints at the top of every job log (actions/runner
// src/Runner.Worker/JobExtension.cs and ActionManager.cs): "Current runner version: '2.330.0'", the
// "Runner Image" group (Image, Version, Image Release) and one "Download action repository 'o/r@ref'
// (SHA:...)" line per action. The first job log with a header gives the image; actions are merged.
import type { RunnerHeader } from '../../types.ts';
import type { ScanLine } from '../types.ts';

const STAMP = /^\d{4}-\d\d-\d\dT[\d:.]+Z /;
const RUNNER_VERSION = /^Current runner version: '([^']{1,40})'$/;
const GROUP = /^(?:##\[group\])?(Runner Image|Runner Image Provisioner|Operating System|GITHUB_TOKEN Permissions)$/;
const FIELD = /^(Image|Version|Image Release): (\S{1,300})$/;
const DOWNLOAD = /^Download action repository '([^'\s]{1,200})' \(SHA:([0-9a-f]{7,64})\)$/;
const MAX_ACTIONS = 100;
/** The regexes run on head lines (checked for linear time by a unit test). */
export const RUNNER_HEADER_PATTERNS: RegExp[] = [STAMP, RUNNER_VERSION, GROUP, FIELD, DOWNLOAD];

export class RunnerHeaderReader {
  header: RunnerHeader | null = null;
  private group: string | null = null;
  private imageArtifact: string | null = null;

  onHeadLine(line: ScanLine): void {
    const text = line.text.replace(STAMP, '').trim();
    const version = RUNNER_VERSION.exec(text);
    if (version) {
      this.at(line.artifact).runnerVersion ??= version[1]!;
      return;
    }
    const group = GROUP.exec(text);
    if (group) {
      this.group = group[1]!;
      return;
    }
    if (text === '##[endgroup]') {
      this.group = null;
      return;
    }
    const download = DOWNLOAD.exec(text);
    if (download) {
      const h = this.at(line.artifact);
      if (Object.keys(h.actions).length < MAX_ACTIONS) h.actions[download[1]!] ??= download[2]!;
      return;
    }
    if (this.group === 'Runner Image') this.imageField(line.artifact, text);
  }

  private imageField(artifact: string, text: string): void {
    const f = FIELD.exec(text);
    if (!f) return;
    // One image per run: the first job log that names it.
    if (this.imageArtifact !== null && this.imageArtifact !== artifact) return;
    this.imageArtifact = artifact;
    const h = this.at(artifact);
    if (f[1] === 'Image') h.image = f[2]!;
    else if (f[1] === 'Version') h.imageVersion = f[2]!;
    else h.imageRelease = f[2]!;
  }

  private at(artifact: string): RunnerHeader {
    this.header ??= {
      artifact,
      runnerVersion: null,
      image: null,
      imageVersion: null,
      imageRelease: null,
      actions: {},
    };
    return this.header;
  }
}
