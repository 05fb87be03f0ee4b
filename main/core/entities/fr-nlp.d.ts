/** The slice of fr-compromise's API that extraction uses. */
interface FrView {
  people(): { out(kind: 'array'): string[] };
  organizations(): { out(kind: 'array'): string[] };
  places(): { out(kind: 'array'): string[] };
  match(pattern: string): { out(kind: 'array'): string[] };
}
declare function frNlp(text: string): FrView;
export default frNlp;
