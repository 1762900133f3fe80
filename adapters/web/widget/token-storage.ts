/** The visitor's conversation token in the host site's localStorage (memory only where storage is blocked). */
export class TokenStorage {
  private memory: string | null = null;

  constructor(private readonly key: string) {}

  get(): string | null {
    try {
      return localStorage.getItem(this.key) ?? this.memory;
    } catch {
      return this.memory;
    }
  }

  set(token: string | null): void {
    this.memory = token;
    try {
      if (token) localStorage.setItem(this.key, token);
      else localStorage.removeItem(this.key);
    } catch {
      /* storage blocked: the conversation lasts as long as the page */
    }
  }
}

/** Whether the panel was open, so a reload or the next page of the site keeps it open. */
export const panelMemory = {
  get(key: string): boolean {
    try {
      return sessionStorage.getItem(key) === 'open';
    } catch {
      return false;
    }
  },
  set(key: string, open: boolean): void {
    try {
      if (open) sessionStorage.setItem(key, 'open');
      else sessionStorage.removeItem(key);
    } catch {
      /* ignore */
    }
  },
};

/** 128 random bits, base64url: a message id the server scopes to the conversation. */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
