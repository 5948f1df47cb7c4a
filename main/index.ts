// Placeholder; the shell issue builds the real lifecycle.
export {};
