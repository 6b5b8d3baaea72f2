// Files Vite imports as text (`?raw`).
declare module '*.css?raw' {
  const text: string;
  export default text;
}
