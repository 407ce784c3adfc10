import { refNeedsGithub } from '../../src/cli/deps.ts';

describe('refNeedsGithub', () => {
  it('is true for URLs, where an Actions run may be read', () => {
    expect(refNeedsGithub('https://github.com/o/r/actions/runs/1/job/2')).toBe(true);
    expect(refNeedsGithub(' https://ghe.example.com/o/r/actions/runs/1')).toBe(true);
    expect(refNeedsGithub('gs://bucket/logs/job/1')).toBe(true);
  });

  it('is false for local files, run folders and stdin', () => {
    expect(refNeedsGithub('build.log')).toBe(false);
    expect(refNeedsGithub('./logs/job/123')).toBe(false);
    expect(refNeedsGithub('/tmp/https:/x.log')).toBe(false);
    expect(refNeedsGithub('-')).toBe(false);
  });
});
