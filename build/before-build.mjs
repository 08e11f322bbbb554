// electron-builder beforeBuild hook: runs in electron-builder's own process just before it
// rebuilds native dependencies (npmRebuild) for Electron.
//
// Under `npm run dist`, npm exports npm_config_nodedir (from an .npmrc nodedir=...), and node-gyp
// would then compile better-sqlite3 against Node's headers: the package would carry a module
// with Node's ABI, which Electron refuses to load (toolchain.md, pitfall 4). Dropping it here
// makes @electron/rebuild use Electron's headers, as it is told to.
export default async function beforeBuild() {
  for (const key of Object.keys(process.env)) {
    if (/^npm_config_nodedir$/i.test(key)) delete process.env[key];
  }
  console.log(
    "  • warroom: rebuilding node_modules/better-sqlite3 for Electron; afterwards run `npm rebuild better-sqlite3`" +
      " so that tests and the web shell get Node's build back",
  );
  return true; // electron-builder still installs/rebuilds the dependencies itself
}
