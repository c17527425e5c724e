/** What a file's path says about the risk of changing it. */
export interface PathSignals {
  test: boolean;
  docs: boolean;
  /** Authentication, sessions, tokens, passwords, permissions, crypto, secrets. */
  sensitive: boolean;
  /** CI workflows, container and infrastructure definitions. */
  infrastructure: boolean;
}

const testDirectories = new Set([
  'test',
  'tests',
  '__tests__',
  'spec',
  'specs',
  'e2e',
  'testdata',
  'testing',
  'fixtures',
  '__fixtures__',
  '__mocks__',
  'cypress',
  'playwright',
]);
const testName =
  /(?:\.(?:test|spec|e2e|cy)\.[cm]?[jt]sx?$|_test\.(?:go|py|rb|exs?)$|^test_\w+\.py$|(?:Test|Tests|Spec|IT)\.(?:java|kt|scala|cs|swift|groovy)$|_spec\.rb$|\.(?:test|spec)\.\w+$)/;

const docsName =
  /\.(?:md|mdx|markdown|rst|adoc|asciidoc|txt)$|^(?:LICENSE|LICENCE|COPYING|NOTICE|AUTHORS|CHANGELOG|CHANGES|CONTRIBUTORS)(?:\.\w+)?$/i;

const sensitiveWords =
  /^(?:auth|authn|authz|authenticat\w*|authoriz\w*|login|logout|signin|signout|signup|sessions?|tokens?|passwords?|passwd|permissions?|acl|rbac|oauth2?|oidc|saml|sso|jwts?|jwks|crypto\w*|secrets?|credentials?|security|iam|csrf|mfa|2fa|otp|keystore|vault)$/;

const infrastructurePath =
  /^\.github\/workflows\/|^\.gitlab-ci\.yml$|^\.circleci\/|(?:^|\/)Jenkinsfile$|(?:^|\/)Dockerfile[^/]*$|(?:^|\/)docker-compose[^/]*\.ya?ml$|\.tf$|(?:^|\/)(?:k8s|kubernetes|helm|charts|deploy|terraform)\//;

/** The path signals of a file: whether it is a test, documentation, security-sensitive, infrastructure. */
export function pathSignalsOf(path: string): PathSignals {
  const segments = path.split('/');
  const name = segments.at(-1) ?? path;
  return {
    test: testName.test(name) || segments.slice(0, -1).some((segment) => testDirectories.has(segment)),
    docs: docsName.test(name),
    sensitive: hasSensitiveWord(path),
    infrastructure: infrastructurePath.test(path),
  };
}

/** Words of the path (split at separators and camelCase), alone and joined with the next (`sign`+`in`). */
function hasSensitiveWord(path: string): boolean {
  const words = path
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
  return words.some(
    (word, index) =>
      sensitiveWords.test(word) || (index + 1 < words.length && sensitiveWords.test(word + words[index + 1])),
  );
}
