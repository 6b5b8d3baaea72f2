// Files Vite imports as text (`?raw`).
declare module '*.css?raw' {
  const text: string;
  export default text;
}

// Files Vite lists at build time (`import.meta.glob`), as URLs.
interface ImportMeta {
  glob(pattern: string, options: { query: '?url'; import: 'default'; eager: true }): Record<string, string>;
}
