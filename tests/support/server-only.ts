// Stands in for the `server-only` package, which throws when imported outside a React server bundle.
export {};
