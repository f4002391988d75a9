/**
 * The page half of the injected wallet: what a MetaMask-like extension puts
 * into every page. It installs `window.ethereum` (EIP-1193) and announces
 * itself through EIP-6963; every request crosses to the Node half through the
 * `__e2eWalletRequest` binding, and the Node half pushes wallet events back
 * through `__e2eWalletEmit`.
 *
 * Kept as plain JavaScript text: functions handed to the browser must not
 * carry helpers that the TypeScript loader adds to Node code.
 */
export const WALLET_PAGE_SCRIPT = String.raw`(() => {
  if (window.ethereum && window.ethereum.__e2eWallet) return;
  const listeners = new Map();
  const emit = (event, value) => {
    for (const listener of [...(listeners.get(event) || [])]) {
      try { listener(value); } catch (error) { console.error(error); }
    }
  };
  const addListener = (event, listener) => {
    if (!listeners.has(event)) listeners.set(event, []);
    listeners.get(event).push(listener);
    return provider;
  };
  const removeListener = (event, listener) => {
    listeners.set(event, (listeners.get(event) || []).filter((l) => l !== listener));
    return provider;
  };
  const provider = {
    isMetaMask: true,
    __e2eWallet: true,
    _metamask: { isUnlocked: () => Promise.resolve(true) },
    request(args) {
      if (!args || typeof args.method !== 'string') {
        const error = new Error('Expected a single, non-array, object argument.');
        error.code = -32600;
        return Promise.reject(error);
      }
      const params = args.params === undefined ? [] : args.params;
      return window.__e2eWalletRequest({ method: args.method, params }).then((reply) => {
        if (reply.error) {
          const error = new Error(reply.error.message);
          error.code = reply.error.code;
          if (reply.error.data !== undefined) error.data = reply.error.data;
          throw error;
        }
        return reply.result;
      });
    },
    enable() { return provider.request({ method: 'eth_requestAccounts' }); },
    isConnected() { return true; },
    on: addListener,
    addListener,
    once(event, listener) {
      const once = (value) => { removeListener(event, once); listener(value); };
      return addListener(event, once);
    },
    removeListener,
    off: removeListener,
    removeAllListeners(event) {
      if (event === undefined) listeners.clear(); else listeners.delete(event);
      return provider;
    },
    listenerCount(event) { return (listeners.get(event) || []).length; },
  };
  Object.defineProperty(window, '__e2eWalletEmit', { value: emit });
  window.ethereum = provider;

  const uuid = (crypto.randomUUID && crypto.randomUUID()) || '6f0e5f9a-5d1c-4d8e-9d3b-2a1b0c9e8f70';
  const icon = 'data:image/svg+xml;base64,' + btoa('<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><rect width="32" height="32" fill="#f6851b"/></svg>');
  const info = Object.freeze({ uuid, name: 'MetaMask', icon, rdns: 'io.metamask' });
  const detail = Object.freeze({ info, provider });
  const announce = () => window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail }));
  window.addEventListener('eip6963:requestProvider', announce);
  announce();
  // @metamask/detect-provider waits for this event when window.ethereum came late.
  window.dispatchEvent(new Event('ethereum#initialized'));
})();`;
