/** The points a panel makes, each a bold title and a sentence. */
export function Notes({ items }: { items: Array<[title: string, text: string]> }) {
  return (
    <ul className="mt-3 space-y-2 rounded-lg bg-slate-50 p-3 text-sm text-slate-700">
      {items.map(([title, text]) => (
        <li key={title}>
          <strong className="text-slate-900">{title}.</strong> {text}
        </li>
      ))}
    </ul>
  );
}
