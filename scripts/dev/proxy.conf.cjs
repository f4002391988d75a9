/**
 * `npm run dev`: `ng serve` serves the app with live reload and passes the
 * main server's routes to it. scripts/start.ts --dev sets the port; a script
 * rather than JSON so that --port and --chain-port flags reach it.
 */
const target = `http://127.0.0.1:${process.env.ENERGY_SERVER_PORT || '4201'}`;
// xfwd: the main server rate-limits per browser, not per proxy.
const route = { target, xfwd: true, changeOrigin: false, secure: false };

module.exports = {
  '/rpc': { ...route, ws: true },
  '/config.json': route,
  '/api': route,
  // A community's CA certificate, for phones to trust.
  '/ca.crt': route,
};
