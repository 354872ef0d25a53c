import http from 'node:http';

/** An HTTP answer with its body parsed as JSON when it is JSON. */
export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/**
 * A browser-like client of a host listening on a real port: it keeps the session cookies and the
 * XSRF token from login and sends them back. Each request uses its own connection (no keep-alive),
 * so nothing lingers between a test and the next server.
 */
export class HttpSession {
  readonly #baseUrl: string;
  readonly #cookies = new Map<string, string>();
  #xsrf = '';

  constructor(baseUrl: string) {
    this.#baseUrl = baseUrl;
  }

  /** Logs in with the form the console sends; keeps the session when it succeeds. */
  async login(username: string, password: string): Promise<HttpAnswer> {
    const answer = await this.request('POST', '/pp/v1/auth/login/uaa', new URLSearchParams({ username, password }));
    if (answer.status === 200) this.#xsrf = String(answer.headers['x-xsrf-token'] ?? '');
    return answer;
  }

  /** A GET with the session, if any. */
  get(path: string): Promise<HttpAnswer> {
    return this.request('GET', path);
  }

  /** Sends a request with the session cookies and XSRF token; gives up after `timeoutMs`. */
  request(method: string, path: string, body?: URLSearchParams | object, timeoutMs = 10_000): Promise<HttpAnswer> {
    const payload = body === undefined ? undefined : body instanceof URLSearchParams ? body.toString() : JSON.stringify(body);
    const headers: http.OutgoingHttpHeaders = { accept: 'application/json' };
    if (payload !== undefined) {
      headers['content-type'] = body instanceof URLSearchParams ? 'application/x-www-form-urlencoded' : 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    if (this.#cookies.size > 0) headers.cookie = [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.#xsrf) headers['x-xsrf-token'] = this.#xsrf;

    return new Promise((resolve, reject) => {
      const req = http.request(new URL(path, this.#baseUrl), { method, headers, agent: false, timeout: timeoutMs }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('error', reject);
        res.on('end', () => {
          this.#keepCookies(res.headers['set-cookie'] ?? []);
          const isJson = /json/.test(res.headers['content-type'] ?? '');
          resolve({ status: res.statusCode!, headers: res.headers, body: isJson && text ? JSON.parse(text) : text });
        });
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} got no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  #keepCookies(setCookie: string[]): void {
    for (const line of setCookie) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) this.#cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }
}
