/**
 * REFI-QDA codebook (.qdc) export and import: <CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code …>, child
 * codes nested directly inside their parent Code as the standard's schema has it.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { CasefileError } from '../../../shared/api/result';

export const QDC_NAMESPACE = 'urn:QDA-XML:codebook:1.0';
const MAX_CODES = 20_000;
const MAX_DEPTH = 64;

export interface QdcCode {
  guid: string;
  name: string;
  color: string | null;
  description: string;
  children: QdcCode[];
}

type XmlNode = Record<string, unknown>;

function codeNode(code: QdcCode): XmlNode {
  const node: XmlNode = {
    '@_guid': code.guid,
    '@_name': code.name,
    '@_isCodable': 'true',
  };
  if (code.color) node['@_color'] = code.color.toUpperCase();
  if (code.description) node.Description = code.description;
  if (code.children.length > 0) node.Code = code.children.map(codeNode);
  return node;
}

export function buildQdc(codes: readonly QdcCode[], origin: string): string {
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: true, suppressBooleanAttributes: false });
  const doc = {
    '?xml': { '@_version': '1.0', '@_encoding': 'utf-8' },
    CodeBook: { '@_xmlns': QDC_NAMESPACE, '@_origin': origin, Codes: { Code: codes.map(codeNode) } },
  };
  return String(builder.build(doc));
}

function bad(message: string): CasefileError {
  return new CasefileError('BAD_INPUT', `This is not a REFI-QDA codebook Casefile can read: ${message}`);
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value && typeof value === 'object' && '#text' in value) return text((value as XmlNode)['#text']);
  return '';
}

function asArray(value: unknown): XmlNode[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is XmlNode => typeof v === 'object' && v !== null);
}

/**
 * Parses a .qdc document. DTDs are refused outright: a codebook never needs one, and refusing them rules out entity
 * expansion ("billion laughs") and external entities (local files, network) whatever the parser would do.
 */
export function parseQdc(xml: string): QdcCode[] {
  const content = xml.replace(/^\uFEFF/, '');
  if (/<!DOCTYPE|<!ENTITY/i.test(content)) throw bad('it declares a DTD or entities, which codebooks never need (refused for safety).');
  const valid = XMLValidator.validate(content);
  if (valid !== true) throw bad(`malformed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    processEntities: true,
    htmlEntities: false,
    isArray: (name) => name === 'Code' || name === 'Codes',
  });
  const doc = parser.parse(content) as XmlNode;
  const book = asArray(doc.CodeBook)[0];
  if (!book) throw bad('there is no <CodeBook> element.');
  let count = 0;
  const walk = (nodes: XmlNode[], depth: number): QdcCode[] => {
    if (depth > MAX_DEPTH) throw bad(`codes are nested more than ${MAX_DEPTH} levels deep.`);
    return nodes.map((node) => {
      if (++count > MAX_CODES) throw bad(`it has more than ${MAX_CODES} codes.`);
      const name = text(node['@_name']).trim();
      if (!name) throw bad('a <Code> has no name.');
      const color = text(node['@_color']).trim();
      // Children may sit directly in the Code (the schema) or, in some tools' output, inside a <Codes> wrapper.
      const childNodes = [...asArray(node.Code), ...asArray(node.Codes).flatMap((c) => asArray(c.Code))];
      return {
        guid: text(node['@_guid']).trim(),
        name,
        color: /^#[0-9a-fA-F]{6}$/.test(color) ? color.toUpperCase() : null,
        description: text(asArray(node.Description)[0] ?? node.Description).trim(),
        children: walk(childNodes, depth + 1),
      };
    });
  };
  return walk(
    asArray(book.Codes).flatMap((c) => asArray(c.Code)),
    0,
  );
}
