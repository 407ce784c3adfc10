import { asRequested, pulledAs } from '../../src/analyze/pull/image-ref.ts';
import { stripLinePrefix } from '../../src/analyze/line-prefix.ts';

describe('the image as the run asked for it', () => {
  it.each([
    // docker's progress line and GAR's body drop the host the command wrote
    [
      'ghcr.io/alex3025/ilo-fans-controller:latest',
      'alex3025/ilo-fans-controller:latest',
      'ghcr.io/alex3025/ilo-fans-controller:latest',
    ],
    // docker drops the tag of repo:tag@digest when it names the digest
    [
      'pandoc/core:3.5.0@sha256:771842ce6f661785e0e12931f82ea64046d70fa48ea5cff480492d79ab3b8ff1',
      'pandoc/core@sha256:771842ce6f661785e0e12931f82ea64046d70fa48ea5cff480492d79ab3b8ff1',
      'pandoc/core:3.5.0@sha256:771842ce6f661785e0e12931f82ea64046d70fa48ea5cff480492d79ab3b8ff1',
    ],
    // no tag requested: the default the tool printed stays
    ['quay.io/nordstrom/hello-world', 'quay.io/nordstrom/hello-world:latest', 'quay.io/nordstrom/hello-world:latest'],
    [
      'haugene/transmission-openvpn:latest-armh',
      'docker.io/haugene/transmission-openvpn:latest-armh',
      'haugene/transmission-openvpn:latest-armh',
    ],
  ])('%s as printed %s is %s', (requested, found, expected) => {
    expect(asRequested(requested, found)).toBe(expected);
  });

  it.each([
    ['ghcr.io/org/app:1.0', 'org/app:1.1'],
    ['ghcr.io/org/app:1.0', 'other/app:1.0'],
    ['ghcr.io/xorg/app:1.0', 'org/app:1.0'],
  ])('%s is not the request of %s', (requested, found) => {
    expect(asRequested(requested, found)).toBeNull();
  });

  it('reads a progress line as the tag a tag-less pull command pulled', () => {
    expect(pulledAs('ghcr.io/x/dash', 'x/dash:1.3.0')).toBe('ghcr.io/x/dash:1.3.0');
    expect(pulledAs('ghcr.io/x/dash:latest', 'x/dash:latest')).toBe('ghcr.io/x/dash:latest');
    expect(pulledAs('ghcr.io/x/dash', 'y/dash:1.3.0')).toBeNull();
  });

  it("drops the line links GitHub's web view puts into a copied log", () => {
    expect(
      stripLinePrefix(
        'manifest for w9jds/firebase-action:v1[3](https://github.com/o/r/actions/runs/1/job/2#step:2:3).3.0 not found',
      ),
    ).toBe('manifest for w9jds/firebase-action:v13.3.0 not found');
    expect(stripLinePrefix('see [3](notes) and [x](y#L1)')).toBe('see [3](notes) and [x](y#L1)');
  });
});
