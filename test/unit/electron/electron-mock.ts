/**
 * A recording stand-in for the parts of `electron` the shell uses. Tests install it with
 * `vi.mock('electron', () => electronMock())` and read what the shell registered from
 * {@link recorded}. Only the `electron` module is mocked: everything else is the real code.
 */
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';

type Listener = (...args: unknown[]) => unknown;

/** An event object whose preventDefault is observable. */
export function fakeEvent<T extends object>(
  fields: T = {} as T,
): T & {
  defaultPrevented: boolean;
  preventDefault(): void;
} {
  const event = {
    ...fields,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

/** A session that records the handlers set on it. */
export class FakeSession extends EventEmitter {
  /** The partition it was made for (`session.fromPartition`), and with which options. */
  partition: string | null = null;
  partitionOptions: unknown = null;
  certificateVerifyProc: Listener | null = null;
  /** What `setProxy` was given last. */
  proxyConfig: unknown = null;
  authCacheClears = 0;
  /** What `resolveProxy` answers ("DIRECT", "PROXY host:port; DIRECT", …). */
  resolvedProxy = 'DIRECT';
  resolveProxyCalls: string[] = [];
  setCertificateVerifyProc(proc: Listener | null) {
    this.certificateVerifyProc = proc;
  }
  resolveProxy(url: string) {
    this.resolveProxyCalls.push(url);
    return Promise.resolve(this.resolvedProxy);
  }
  setProxy(config: unknown) {
    this.proxyConfig = config;
    return Promise.resolve();
  }
  clearAuthCache() {
    this.authCacheClears += 1;
    return Promise.resolve();
  }
  permissionRequestHandler: Listener | null = null;
  permissionCheckHandler: Listener | null = null;
  devicePermissionHandler: Listener | null = null;
  headersReceived: Listener | null = null;
  webRequest = {
    onHeadersReceived: (listener: Listener) => {
      this.headersReceived = listener;
    },
  };
  setPermissionRequestHandler(handler: Listener) {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: Listener) {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: Listener) {
    this.devicePermissionHandler = handler;
  }
}

/**
 * A ClientRequest's response as Electron makes it: a Node Readable with the status and headers
 * (`IncomingMessage` in lib/common/api/net-client-request.ts). Chromium delivers a chunk only when
 * asked (`_read`): {@link reads} counts the asks; the test pushes chunks and `null` at the end.
 */
export class FakeIncomingMessage extends Readable {
  statusCode: number;
  statusMessage: string;
  headers: Record<string, string | string[]>;
  reads = 0;
  onRead: (() => void) | null = null;
  constructor(status: number, headers: Record<string, string | string[]> = {}) {
    super();
    this.statusCode = status;
    this.statusMessage = '';
    this.headers = headers;
  }
  override _read() {
    this.reads += 1;
    this.onRead?.();
  }
}

/**
 * `net.request`'s ClientRequest, scripted by the test through {@link recorded.netAnswer}, with
 * the behaviour Electron's own has (lib/common/api/net-client-request.ts): a redirect under the
 * `manual` policy is followed only when `followRedirect()` is called synchronously in the
 * `redirect` event, else the request dies with "Redirect was cancelled"; a `login` event with no
 * listener cancels the challenge (the callback gets no credentials).
 */
export class FakeClientRequest extends EventEmitter {
  options: Record<string, unknown>;
  headers: Record<string, string> = {};
  body: Buffer | null = null;
  ended = false;
  aborted = false;
  /** Redirects followed (must stay 0: Latchkey never follows one). */
  followed = 0;
  #waitingForRedirect = false;
  constructor(options: Record<string, unknown>) {
    super();
    this.options = options;
    recorded.netRequests.push(this);
  }
  setHeader(name: string, value: string) {
    this.headers[name.toLowerCase()] = String(value);
  }
  end(chunk?: Buffer | string) {
    if (chunk !== undefined) this.body = Buffer.from(chunk);
    this.ended = true;
    queueMicrotask(() => recorded.netAnswer(this));
    return this;
  }
  abort() {
    this.aborted = true;
  }
  followRedirect() {
    if (!this.#waitingForRedirect) {
      throw new Error('followRedirect() called, but was not waiting for a redirect');
    }
    this.followed += 1;
  }
  /** Answers with `status` and headers; push body chunks into the returned message. */
  respond(status: number, headers: Record<string, string | string[]> = {}): FakeIncomingMessage {
    const message = new FakeIncomingMessage(status, headers);
    this.emit('response', message);
    return message;
  }
  /** Answers with the whole body at once. */
  respondWith(status: number, body: string, headers: Record<string, string> = {}) {
    const message = this.respond(status, headers);
    message.push(Buffer.from(body));
    message.push(null);
    return message;
  }
  /** A redirect, as Electron's ClientRequest reports it under the manual policy. */
  redirect(status: number, location: string) {
    this.#waitingForRedirect = true;
    const before = this.followed;
    try {
      this.emit('redirect', status, 'GET', location, { location: [location] });
    } finally {
      this.#waitingForRedirect = false;
    }
    if (this.followed === before && !this.aborted) this.fail('Redirect was cancelled');
  }
  /** Fails as Chromium's URL loader does: `new Error(netErrorString)`. */
  fail(message: string) {
    this.emit('error', new Error(message));
  }
  /** A `login` event; resolves with what the listener passed to the callback. */
  login(authInfo: {
    isProxy: boolean;
    scheme: string;
    host: string;
    port: number;
    realm: string;
  }): Promise<string[]> {
    return new Promise((resolve) => {
      const handled = this.emit('login', authInfo, (...args: string[]) => resolve(args));
      if (!handled) resolve([]);
    });
  }
}

/** A frame: `parent` null for a main frame. */
export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

/** Web contents that record listeners, the window-open handler and sent messages. */
export class FakeWebContents extends EventEmitter {
  session = new FakeSession();
  mainFrame: FakeFrame = { url: 'app://app/index.html', parent: null };
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  sent: Array<{ channel: string; payload: unknown }> = [];
  destroyed = false;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload });
  }
  executeJavaScript(code: string) {
    return recorded.javascript(code);
  }
  isDestroyed() {
    return this.destroyed;
  }
}

/** A BrowserWindow that keeps its constructor options. */
export class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = [];
  options: Record<string, unknown>;
  webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  destroyed = false;
  minimized = false;
  visible = false;
  focused = 0;
  constructor(options: Record<string, unknown>) {
    super();
    recorded.order.push('new BrowserWindow');
    this.options = options;
    FakeBrowserWindow.created.push(this);
  }
  loadURL(url: string) {
    this.loadedUrl = url;
    return recorded.loadResult();
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return this.minimized;
  }
  restore() {
    this.minimized = false;
  }
  isVisible() {
    return this.visible;
  }
  show() {
    this.visible = true;
  }
  focus() {
    this.focused += 1;
  }
}

/** Everything the shell registered with the fake Electron. */
export const recorded = {
  /** Electron calls in the order they happened (for before/after-ready checks). */
  order: [] as string[],
  quits: 0,
  exits: [] as number[],
  userData: '',
  errorBoxes: [] as Array<{ title: string; content: string }>,
  handlers: new Map<string, Listener>(),
  /** `ipcMain.on` listeners by channel (electron-store registers one). */
  ipcListeners: new Map<string, Set<Listener>>(),
  /** Every channel ever passed to `ipcMain.on`, in order (kept after removal). */
  ipcOnCalls: [] as string[],
  removed: [] as string[],
  privileged: [] as unknown[],
  protocolHandlers: new Map<string, Listener>(),
  exposed: new Map<string, unknown>(),
  opened: [] as string[],
  sandboxEnabled: 0,
  singleInstanceLock: true,
  defaultProtocolClients: [] as unknown[][],
  removedProtocolClients: [] as unknown[][],
  /** Command-line switches the app was started with (`no-sandbox`, …). */
  switches: new Set<string>(),
  /** What `app.getPreferredSystemLanguages()` answers (the operating system's languages). */
  systemLanguages: ['en-US'] as string[],
  /** What `webContents.executeJavaScript` answers. */
  javascript: (_code: string): Promise<unknown> => Promise.resolve(true),
  /** What `loadURL` resolves or rejects with. */
  loadResult: (): Promise<void> => Promise.resolve(),
  rendererListeners: new Map<string, Set<Listener>>(),
  invocations: [] as Array<{ channel: string; input: unknown }>,
  invokeAnswer: (_channel: string, _input: unknown): Promise<unknown> =>
    Promise.resolve({ ok: true, value: null }),
  /** Every `net.request`, in order. */
  netRequests: [] as FakeClientRequest[],
  /** What happens once a request is ended (default: the network is down). */
  netAnswer: (request: FakeClientRequest): void => {
    request.fail('net::ERR_INTERNET_DISCONNECTED');
  },
  /** Sessions made by `session.fromPartition`, by partition. */
  partitions: new Map<string, FakeSession>(),
};

/** The fake `app`: an EventEmitter with the few methods the shell calls. */
export const fakeApp = Object.assign(new EventEmitter(), {
  isPackaged: false,
  getVersion() {
    return '0.0.0-test';
  },
  getPreferredSystemLanguages() {
    return [...recorded.systemLanguages];
  },
  getLocale() {
    return recorded.systemLanguages[0] ?? 'en-US';
  },
  enableSandbox() {
    recorded.order.push('enableSandbox');
    recorded.sandboxEnabled += 1;
  },
  requestSingleInstanceLock() {
    recorded.order.push('requestSingleInstanceLock');
    return recorded.singleInstanceLock;
  },
  whenReady() {
    recorded.order.push('whenReady');
    return Promise.resolve();
  },
  setPath(name: string, path: string) {
    if (name !== 'userData') throw new Error(`unexpected setPath(${name})`);
    recorded.order.push('setPath(userData)');
    recorded.userData = path;
  },
  getPath(name: string) {
    if (name !== 'userData') throw new Error(`unexpected getPath(${name})`);
    return recorded.userData;
  },
  quit() {
    recorded.quits += 1;
  },
  exit(code: number) {
    recorded.exits.push(code);
  },
  setAsDefaultProtocolClient(...args: unknown[]) {
    recorded.defaultProtocolClients.push(args);
    return true;
  },
  removeAsDefaultProtocolClient(...args: unknown[]) {
    recorded.removedProtocolClients.push(args);
    return true;
  },
  commandLine: {
    hasSwitch(name: string) {
      return recorded.switches.has(name);
    },
  },
});

/** Resets the recordings between tests. */
export function resetElectronMock(): void {
  recorded.handlers.clear();
  recorded.ipcListeners.clear();
  recorded.ipcOnCalls.length = 0;
  recorded.removed.length = 0;
  recorded.privileged.length = 0;
  recorded.protocolHandlers.clear();
  recorded.exposed.clear();
  recorded.opened.length = 0;
  recorded.sandboxEnabled = 0;
  recorded.singleInstanceLock = true;
  recorded.defaultProtocolClients.length = 0;
  recorded.removedProtocolClients.length = 0;
  recorded.switches.clear();
  recorded.systemLanguages = ['en-US'];
  recorded.loadResult = () => Promise.resolve();
  recorded.javascript = () => Promise.resolve(true);
  recorded.rendererListeners.clear();
  recorded.invocations.length = 0;
  recorded.invokeAnswer = () => Promise.resolve({ ok: true, value: null });
  recorded.order.length = 0;
  recorded.netRequests.length = 0;
  recorded.netAnswer = (request) => request.fail('net::ERR_INTERNET_DISCONNECTED');
  recorded.partitions.clear();
  recorded.errorBoxes.length = 0;
  recorded.quits = 0;
  recorded.exits.length = 0;
  fakeApp.removeAllListeners();
  fakeApp.isPackaged = false;
  FakeBrowserWindow.created.length = 0;
}

/** The module factory for `vi.mock('electron', …)`. */
export function electronMock() {
  const electron = {
    app: fakeApp,
    BrowserWindow: FakeBrowserWindow,
    ipcMain: {
      handle(channel: string, handler: Listener) {
        if (recorded.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
        recorded.handlers.set(channel, handler);
      },
      removeHandler(channel: string) {
        recorded.handlers.delete(channel);
        recorded.removed.push(channel);
      },
      on(channel: string, listener: Listener) {
        recorded.ipcOnCalls.push(channel);
        let set = recorded.ipcListeners.get(channel);
        if (!set) recorded.ipcListeners.set(channel, (set = new Set()));
        set.add(listener);
      },
      listenerCount(channel: string) {
        return recorded.ipcListeners.get(channel)?.size ?? 0;
      },
      removeAllListeners(channel: string) {
        recorded.ipcListeners.delete(channel);
      },
    },
    ipcRenderer: {
      invoke(channel: string, input: unknown) {
        recorded.invocations.push({ channel, input });
        return recorded.invokeAnswer(channel, input);
      },
      on(channel: string, listener: Listener) {
        let set = recorded.rendererListeners.get(channel);
        if (!set) recorded.rendererListeners.set(channel, (set = new Set()));
        set.add(listener);
      },
      removeListener(channel: string, listener: Listener) {
        recorded.rendererListeners.get(channel)?.delete(listener);
      },
    },
    contextBridge: {
      exposeInMainWorld(key: string, value: unknown) {
        recorded.exposed.set(key, value);
      },
    },
    protocol: {
      registerSchemesAsPrivileged(schemes: unknown[]) {
        recorded.order.push('registerSchemesAsPrivileged');
        recorded.privileged.push(...schemes);
      },
      handle(scheme: string, handler: Listener) {
        recorded.order.push('protocol.handle');
        recorded.protocolHandlers.set(scheme, handler);
      },
    },
    dialog: {
      showErrorBox(title: string, content: string) {
        recorded.order.push('showErrorBox');
        recorded.errorBoxes.push({ title, content });
      },
    },
    shell: {
      openExternal(url: string) {
        recorded.opened.push(url);
        return Promise.resolve();
      },
    },
    net: {
      request(options: Record<string, unknown>) {
        return new FakeClientRequest(options);
      },
    },
    session: {
      fromPartition(partition: string, options?: unknown) {
        let made = recorded.partitions.get(partition);
        if (!made) {
          made = new FakeSession();
          made.partition = partition;
          made.partitionOptions = options ?? null;
          recorded.partitions.set(partition, made);
        }
        return made;
      },
    },
  };
  // Libraries such as electron-store `import electron from 'electron'`.
  return { ...electron, default: electron };
}
