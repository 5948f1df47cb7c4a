// Placeholder; the shell issue builds the real bridge.
export {};
