/**
 * The object `getters` with each getter run once, on its first read, and its value kept. For the
 * zod schemas a module needs only when it parses: importing the module then builds none of them,
 * which shortens a Lambda function's initialisation (docs/adr/0063-import-time.md). A getter may
 * read its siblings through `this`.
 */
export const lazily = <T extends object>(getters: T): T => {
  const result = {} as T;
  for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(getters))) {
    const build = descriptor.get;
    if (build === undefined) {
      Object.defineProperty(result, key, descriptor);
      continue;
    }
    let built = false;
    let value: unknown;
    Object.defineProperty(result, key, {
      enumerable: descriptor.enumerable ?? true,
      get: () => {
        if (!built) {
          value = build.call(result);
          built = true;
        }
        return value;
      },
    });
  }
  return Object.freeze(result);
};
