export const PREVIEW_PROTOCOL: string;
export function isWindows(userAgent: string): boolean;
export function protocolOrigin(name: string, windows: boolean): string;
export function previewOrigin(userAgent: string): string;
