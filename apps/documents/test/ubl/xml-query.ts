import { create } from 'xmlbuilder2';

interface DomElement {
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomElement & { nodeType: number }>;
  getAttribute(name: string): string | null;
}

/**
 * A tiny path query for tests: `select(xml, 'cac:AccountingCustomerParty/cac:Party/cbc:Name')`
 * answers every element at that path below the root, by qualified name as written.
 */
export function select(xml: string, path: string): DomElement[] {
  const root = create(xml).root().node as unknown as DomElement;
  let current: DomElement[] = [root];
  for (const step of path.split('/')) {
    current = current.flatMap((node) =>
      Array.from(node.childNodes).filter((child) => child.nodeType === 1 && child.nodeName === step),
    );
  }
  return current;
}

/** The texts of the elements at the path. */
export function texts(xml: string, path: string): string[] {
  return select(xml, path).map((node) => node.textContent ?? '');
}

/** The text of the only element at the path (throws when there is none or several). */
export function text(xml: string, path: string): string {
  const found = texts(xml, path);
  if (found.length !== 1) throw new Error(`${path}: ${found.length} elements`);
  return found[0];
}
