/**
 * XML-RPC codec. Requests are parsed leniently; responses are written exactly as
 * Python's xmlrpc.client marshaller (which Odoo uses) writes them.
 */
import { PyFloat, pyFloatRepr } from './values';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(s: string): string {
	return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, e: string) => {
		if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
		if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
		return ENTITIES[e] ?? m;
	});
}

const escapeXml = (s: string): string =>
	s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Tokens: tags (open/close/self-closing) and text between them. */
type Token = { tag: string; close: boolean; selfClose: boolean } | { text: string };

function tokenize(xml: string): Token[] {
	const tokens: Token[] = [];
	const re = /<(\/?)([A-Za-z_][\w.:-]*)[^>]*?(\/?)>|<\?[^>]*\?>|<!--[\s\S]*?-->|([^<]+)/g;
	let m: RegExpExecArray | null;
	while ((m = re.exec(xml))) {
		if (m[4] !== undefined) tokens.push({ text: m[4] });
		else if (m[2]) tokens.push({ tag: m[2], close: m[1] === '/', selfClose: m[3] === '/' });
	}
	return tokens;
}

class Parser {
	private i = 0;
	constructor(private readonly tokens: Token[]) {}

	private peekTag(): { tag: string; close: boolean; selfClose: boolean } | undefined {
		while (this.i < this.tokens.length) {
			const t = this.tokens[this.i];
			if ('text' in t && t.text.trim() === '') {
				this.i++;
				continue;
			}
			return 'tag' in t ? t : undefined;
		}
		return undefined;
	}

	open(name: string): boolean {
		const t = this.peekTag();
		if (t && t.tag === name && !t.close) {
			this.i++;
			return !t.selfClose;
		}
		throw new Error(`XML-RPC: expected <${name}>`);
	}

	close(name: string): void {
		const t = this.peekTag();
		if (!t || t.tag !== name || !t.close) throw new Error(`XML-RPC: expected </${name}>`);
		this.i++;
	}

	isOpen(name: string): boolean {
		const t = this.peekTag();
		return !!t && t.tag === name && !t.close;
	}

	text(): string {
		let s = '';
		while (this.i < this.tokens.length) {
			const t = this.tokens[this.i];
			if (!('text' in t)) break;
			s += t.text;
			this.i++;
		}
		return unescapeXml(s);
	}

	value(): unknown {
		if (!this.open('value')) return '';
		// untyped <value>text</value> is a string
		const first = this.tokens[this.i];
		if (first && 'text' in first) {
			const txt = this.text();
			if (!this.isOpen('value') && !this.peekTypedTag()) {
				this.close('value');
				return txt;
			}
		}
		const t = this.peekTag();
		if (!t || t.close) {
			this.close('value');
			return '';
		}
		let v: unknown;
		const type = t.tag;
		if (type === 'array') {
			this.open('array');
			const items: unknown[] = [];
			if (this.open('data')) {
				while (this.isOpen('value')) items.push(this.value());
				this.close('data');
			}
			this.close('array');
			v = items;
		} else if (type === 'struct') {
			const obj: Record<string, unknown> = {};
			if (this.open('struct')) {
				while (this.isOpen('member')) {
					this.open('member');
					this.open('name');
					const key = this.text();
					this.close('name');
					obj[key] = this.value();
					this.close('member');
				}
				this.close('struct');
			}
			v = obj;
		} else if (type === 'nil') {
			this.open('nil');
			if (!t.selfClose) this.close('nil');
			v = null;
		} else {
			const hasBody = this.open(type);
			const raw = hasBody ? this.text() : '';
			if (hasBody) this.close(type);
			v = scalar(type, raw);
		}
		this.close('value');
		return v;
	}

	private peekTypedTag(): boolean {
		const t = this.peekTag();
		return !!t && !t.close;
	}
}

function scalar(type: string, raw: string): unknown {
	switch (type) {
		case 'int':
		case 'i4':
		case 'i8':
			return parseInt(raw.trim(), 10);
		case 'boolean':
			return raw.trim() === '1';
		case 'double':
			return new PyFloat(parseFloat(raw.trim()));
		case 'string':
		case 'base64':
		case 'dateTime.iso8601':
			return raw;
		default:
			throw new Error(`XML-RPC: unsupported type <${type}>`);
	}
}

export function parseMethodCall(xml: string): { method: string; params: unknown[] } {
	const p = new Parser(tokenize(xml));
	p.open('methodCall');
	p.open('methodName');
	const method = p.text().trim();
	p.close('methodName');
	const params: unknown[] = [];
	if (p.isOpen('params') && p.open('params')) {
		while (p.isOpen('param')) {
			p.open('param');
			params.push(p.value());
			p.close('param');
		}
		p.close('params');
	}
	return { method, params };
}

/** One value as Python's Marshaller dumps it (Odoo never sends <nil/>: None becomes False). */
export function dumpValue(v: unknown): string {
	if (v === null || v === undefined || v === false || v === true) {
		return `<value><boolean>${v === true ? 1 : 0}</boolean></value>\n`;
	}
	if (v instanceof PyFloat) return `<value><double>${pyFloatRepr(v.value)}</double></value>\n`;
	if (typeof v === 'number') {
		return Number.isInteger(v)
			? `<value><int>${v}</int></value>\n`
			: `<value><double>${pyFloatRepr(v)}</double></value>\n`;
	}
	if (typeof v === 'string') return `<value><string>${escapeXml(v)}</string></value>\n`;
	if (Array.isArray(v))
		return `<value><array><data>\n${v.map(dumpValue).join('')}</data></array></value>\n`;
	if (typeof v === 'object') {
		const members = Object.entries(v as Record<string, unknown>)
			.map(([k, x]) => `<member>\n<name>${escapeXml(k)}</name>\n${dumpValue(x)}</member>\n`)
			.join('');
		return `<value><struct>\n${members}</struct></value>\n`;
	}
	return `<value><string>${escapeXml(String(v))}</string></value>\n`;
}

const HEADER = "<?xml version='1.0'?>\n<methodResponse>\n";

export function dumpResponse(result: unknown): string {
	return `${HEADER}<params>\n<param>\n${dumpValue(result)}</param>\n</params>\n</methodResponse>\n`;
}

export function dumpFault(faultCode: number, faultString: string): string {
	return `${HEADER}<fault>\n${dumpValue({ faultCode, faultString })}</fault>\n</methodResponse>\n`;
}

export function dumpMethodCall(method: string, params: unknown[]): string {
	const body = params.map((p) => `<param>\n${dumpValue(p)}</param>\n`).join('');
	return `<?xml version='1.0'?>\n<methodCall>\n<methodName>${escapeXml(method)}</methodName>\n<params>\n${body}</params>\n</methodCall>\n`;
}

/** A methodResponse: its value, or its fault. Doubles come back as PyFloat so that tests can tell them from ints. */
export function parseMethodResponse(xml: string): {
	value?: unknown;
	fault?: { faultCode: number; faultString: string };
} {
	const p = new Parser(tokenize(xml));
	p.open('methodResponse');
	if (p.isOpen('fault')) {
		p.open('fault');
		const fault = p.value() as { faultCode: number; faultString: string };
		return { fault };
	}
	p.open('params');
	p.open('param');
	return { value: p.value() };
}
