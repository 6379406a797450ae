/** Short notes on how to read a page's figures or dates, as a bulleted list. */
export function NoteList({ notes }: { notes: string[] }) {
  return (
    <ul className="mt-2 max-w-3xl list-disc space-y-1 ps-6 text-slate-800">
      {notes.map((note) => (
        <li key={note}>{note}</li>
      ))}
    </ul>
  );
}
