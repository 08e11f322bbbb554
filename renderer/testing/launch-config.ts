/**
 * The launch the renderer tests run against: a real config file with two services (the API
 * gateway depends on the orders DB), staging and production, the rehearsal config's actions and
 * runbooks as tiny node scripts, and the rehearsal config's load profiles. Written into a temp
 * dir, so the real core loads and checks it like any operator's warroom.yaml.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LaunchConfigOptions {
  /** Base URL of each service per environment; by default example.com names nobody probes. */
  urls?: { api?: Record<string, string>; db?: Record<string, string> };
  /** Extra YAML for the `actions:` map (indented two spaces), e.g. an action a test adds. */
  extraActions?: string;
  /** Replaces the `load:` section (default: none). */
  load?: string;
  /** The `probes:` section (default: standard probes, long intervals). */
  probes?: string;
  /** Roll back everything needs a second operator's approval in production. */
  rollbackApproval?: boolean;
  /** The `drills:` section (default: none). */
  drills?: string;
  /** The `board:` section, whole (default: none, so the board's default criteria). */
  board?: string;
  /** The `launch:` section, whole (default: none). */
  launch?: string;
  /** The `security:` section, whole (default: none). */
  security?: string;
  /** The `monitoring:` section, whole (default: none). */
  monitoring?: string;
  /** More keys of the production environment, e.g. its notification channels (`, email: {…}`). */
  productionExtra?: string;
}

export const LAUNCH_NAME = 'Checkout v2 launch';

/** The scripts the actions run: argv only, no shell. */
const SCRIPTS: Record<string, string> = {
  // Exits at once with a line of output.
  'check.mjs': `console.log('checked ' + process.argv.slice(2).join(' '));\n`,
  // Keeps running until cancelled (or the core closes), so the run stays "running".
  'hold.mjs': `console.log('started ' + process.argv.slice(2).join(' '));\nsetInterval(() => {}, 60_000);\n`,
  // Prints the chunks of scripts/<name>.json ([stream, text] pairs) in order, then keeps running.
  'print.mjs': `import { readFileSync } from 'node:fs';
const chunks = JSON.parse(readFileSync(new URL('./' + process.argv[2] + '.json', import.meta.url), 'utf8'));
const write = (stream, text) => new Promise((done) => (stream === 'stderr' ? process.stderr : process.stdout).write(text, done));
let last = null;
for (const [stream, text] of chunks) {
  // A pause between streams keeps their order on the two pipes.
  if (last !== null && last !== stream) await new Promise((done) => setTimeout(done, 50));
  await write(stream, text);
  last = stream;
}
setInterval(() => {}, 60_000);
`,
  // Prints scripts/<name>.json's chunks, then exits with the code after the name.
  'fail.mjs': `import { readFileSync } from 'node:fs';
const chunks = JSON.parse(readFileSync(new URL('./' + process.argv[2] + '.json', import.meta.url), 'utf8'));
for (const [stream, text] of chunks) (stream === 'stderr' ? process.stderr : process.stdout).write(text);
process.exitCode = Number(process.argv[3]);
`,
};

const yamlMap = (values: Record<string, string>) => `{ ${Object.entries(values).map(([env, url]) => `${env}: "${url}"`).join(', ')} }`;

export function launchConfigText(options: LaunchConfigOptions = {}): string {
  const api = options.urls?.api ?? { production: 'https://api.example.com', staging: 'https://api.staging.example.com' };
  const db = options.urls?.db ?? { staging: 'https://db.staging.example.com' };
  return `version: 1
name: ${LAUNCH_NAME}
defaultEnvironment: production
environments:
  staging: { label: Staging }
  production: { label: Production (eu-west), production: true${options.productionExtra ?? ''} }
services:
  api: { name: API gateway, baseUrl: ${yamlMap(api)}, tags: [edge], dependsOn: [db] }
  db: { name: Orders DB, baseUrl: ${yamlMap(db)} }
probes: ${options.probes ?? '{ defaults: { interval: 1h, timeout: 2s, confirmations: 1 } }'}
${options.load ?? ''}
actions:
  pre-deploy-check: { label: Pre-deployment check, kind: validate, argv: [node, scripts/check.mjs, pre], confirm: none, timeout: 1m }
  post-deploy-validate: { label: Post-deployment validation, kind: validate, argv: [node, scripts/check.mjs, post], confirm: none, timeout: 2m }
  deploy:
    label: Deploy a release
    kind: deploy
    argv: [node, scripts/hold.mjs, "{version}"]
    params: { version: { type: choice, label: Version, choices: [2.5.0, 2.5.0-rc3, 2.5.0-slow, 2.4.1] } }
    confirm: type-environment
    timeout: 10m
  rollback:
    label: Roll back everything
    kind: rollback
    description: Every service that was deployed goes back to its previous version; waits until ready.
    argv: [node, scripts/hold.mjs, all]
    confirm: type-environment
    requireApproval: ${options.rollbackApproval ? 'true' : 'false'}
    timeout: 5m
  rollback-service:
    label: Roll back one service
    kind: rollback
    argv: [node, scripts/hold.mjs, "{service}"]
    params: { service: { type: service, label: Service } }
    confirm: type-service
    timeout: 5m
  restart-service:
    label: Restart a service
    kind: restart
    argv: [node, scripts/hold.mjs, "{service}"]
    params: { service: { type: service, label: Service } }
    confirm: click
    timeout: 2m
  db-migrate:
    label: Database migrations
    kind: migrate
    argv: [node, scripts/hold.mjs, migrate]
    dryRunArgv: [node, scripts/hold.mjs, migrate, --dry-run]
    confirm: type-environment
    timeout: 10m
  print:
    label: Print a prepared output
    argv: [node, scripts/print.mjs, "{name}"]
    params: { name: { type: text, label: Output, pattern: "[a-z0-9-]{1,40}" } }
    confirm: none
  fail:
    label: Fail with exit code 3
    argv: [node, scripts/fail.mjs, "{name}", "3"]
    params: { name: { type: text, label: Output, pattern: "[a-z0-9-]{1,40}" } }
    confirm: none
${options.extraActions ?? ''}
runbooks:
  service-down:
    title: A service is down
    when: a tile turns red (down)
    steps:
      - text: "Read the tile: if it says \\"because X\\", work on X first; its dependents follow."
      - text: Check the Rehearsal log or the platform's logs for the last change (deploy, restart, fault).
      - text: Restart the service.
        action: restart-service
      - text: If it was deployed recently, roll that service back.
        action: rollback-service
      - text: Validate the whole platform.
        action: post-deploy-validate
  high-error-rate:
    title: High error rate
    when: error rate over 1 % after a deploy
    steps:
      - text: Compare the error rate before and after the last deploy (Load and Health views).
      - text: Roll back everything.
        action: rollback
      - text: Validate the platform.
        action: post-deploy-validate
${options.drills ?? ''}
${options.board ?? ''}
${options.launch ?? ''}
${options.security ?? ''}
${options.monitoring ?? ''}
`;
}

/** Writes warroom.yaml and its scripts into `dir`; returns the config's path. */
export function writeLaunchConfig(dir: string, options: LaunchConfigOptions = {}): string {
  mkdirSync(join(dir, 'scripts'), { recursive: true });
  for (const [name, body] of Object.entries(SCRIPTS)) writeFileSync(join(dir, 'scripts', name), body);
  const path = join(dir, 'warroom.yaml');
  writeFileSync(path, launchConfigText(options));
  return path;
}

/** Writes the chunks print.mjs / fail.mjs print for `name`. */
export function writeOutputScript(dir: string, name: string, chunks: [stream: 'stdout' | 'stderr', text: string][]): void {
  writeFileSync(join(dir, 'scripts', `${name}.json`), JSON.stringify(chunks));
}
