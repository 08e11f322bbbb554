/** A figure to read from across the room, with a one- or two-word label. */
export function BigNumber({ value, label, testId }: { value: number | string; label: string; testId?: string }) {
  return (
    <div className="bignum" data-testid={testId}>
      <span className="bignum__value">{value}</span>
      <span className="bignum__label">{label}</span>
    </div>
  );
}
