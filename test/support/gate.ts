/** A gate a paused writer or request waits at: `reached` resolves once `arrive()` is called, `opened` once `open()` is. */
export interface OpenableGate {
  readonly reached: Promise<void>;
  arrive(): void;
  readonly opened: Promise<void>;
  open(): void;
}

export const gate = (): OpenableGate => {
  let arrive: () => void = () => {};
  let open: () => void = () => {};
  const reached = new Promise<void>((resolve) => {
    arrive = resolve;
  });
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { reached, arrive, opened, open };
};
