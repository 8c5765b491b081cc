import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OdooErrorKind, toOdooError } from '../../../lib/odoo/errors';
import { decodeMethodResponse, XmlRpcFault } from '../../../lib/odoo/xmlrpc-codec';

const FIX = join(__dirname, '../../fixtures/odoo');
const read = (...p: string[]) => readFileSync(join(FIX, ...p), 'utf8');

/** What each recorded fault must become, whatever the protocol. */
const EXPECTED: Record<string, { kind: OdooErrorKind; field?: string; says: RegExp }> = {
	fault_bad_database: { kind: 'notFound', says: /Database 'no_such_db' does not exist/ },
	fault_bad_domain_operator: { kind: 'validation', says: /Invalid leaf/ },
	fault_bad_field_in_create: {
		kind: 'validation',
		field: 'no_such_field',
		says: /Invalid field 'no_such_field'/,
	},
	fault_bad_field_in_domain: { kind: 'validation', field: 'no_such_field', says: /Invalid field/ },
	fault_bad_field_in_fields: {
		kind: 'validation',
		field: 'no_such_field',
		says: /Invalid field 'no_such_field'/,
	},
	fault_bad_kwarg: { kind: 'validation', says: /unexpected keyword argument 'badparameter'/ },
	fault_bad_many2one: {
		kind: 'validation',
		field: 'country_id',
		says: /A linked record does not exist: check the id given in 'country_id'/,
	},
	fault_bad_method: { kind: 'notFound', says: /no_such_method/ },
	fault_unknown_method: { kind: 'notFound', says: /no_such_method/ },
	fault_bad_model: { kind: 'notFound', says: /(no\.such\.model|res\.nonexistent)/ },
	fault_bad_password: { kind: 'auth', says: /Access Denied\. Check the login/ },
	fault_bad_apikey: { kind: 'auth', says: /Invalid apikey/ },
	fault_no_auth_header: { kind: 'auth', says: /Bearer/ },
	fault_bad_selection: {
		kind: 'validation',
		field: 'type',
		says: /Wrong value for res\.partner\.type/,
	},
	fault_missing_record: { kind: 'missing', says: /Record does not exist/ },
	fault_missing_record_write: { kind: 'missing', says: /Record does not exist/ },
	fault_missing_required: {
		kind: 'validation',
		field: 'name',
		says: /Required field 'name' is not set/,
	},
	fault_private_method: { kind: 'access', says: /Private methods/ },
	fault_access_demo_user: { kind: 'access', says: /not allowed to create 'User'/ },
	fault_invalid_json: { kind: 'validation', says: /could not parse the body as json/ },
	fault_get_method: { kind: 'notFound', says: /Did you mean POST/ },
};

function check(name: string, error: ReturnType<typeof toOdooError>) {
	const want = EXPECTED[name];
	expect(want).toBeDefined();
	expect(error.kind).toBe(want.kind);
	expect(error.message).toMatch(want.says);
	expect(error.message).not.toContain('\n');
	if (want.field) expect(error.field).toBe(want.field);
}

describe('every recorded fault becomes a classified one-line OdooError', () => {
	const site = { model: 'res.partner', method: 'create' };

	test.each(
		readdirSync(join(FIX, 'odoo16/xmlrpc')).filter(
			(f) => f.startsWith('fault_') && f.endsWith('.response.xml'),
		),
	)('XML-RPC %s', (file) => {
		let fault: XmlRpcFault | undefined;
		try {
			decodeMethodResponse(read('odoo16/xmlrpc', file));
		} catch (err) {
			fault = err as XmlRpcFault;
		}
		expect(fault).toBeInstanceOf(XmlRpcFault);
		check(
			file.replace('.response.xml', ''),
			toOdooError({ code: fault!.faultCode, text: fault!.faultString }, site),
		);
	});

	test.each(
		readdirSync(join(FIX, 'odoo16/jsonrpc')).filter(
			(f) => f.startsWith('fault_') && f.endsWith('.response.json'),
		),
	)('JSON-RPC %s', (file) => {
		const data = JSON.parse(read('odoo16/jsonrpc', file)).error.data;
		check(
			file.replace('.response.json', ''),
			toOdooError({ name: data.name, text: data.message, debug: data.debug }, site),
		);
	});

	test.each(readdirSync(join(FIX, 'odoo19/json2')).filter((f) => f.startsWith('fault_')))(
		'JSON-2 %s',
		(file) => {
			const { response } = JSON.parse(read('odoo19/json2', file));
			const body = response.json;
			check(
				file.replace('.json', ''),
				toOdooError(
					{ status: response.status, name: body.name, text: body.message, debug: body.debug },
					site,
				),
			);
		},
	);

	test('the many2one hint names the other relational fields in the values', () => {
		const error = toOdooError(
			{
				code: 2,
				text: 'The operation cannot be completed: another model requires the record being deleted.\n\nModel: Contact (res.partner)\nConstraint: res_partner_country_id_fkey\n',
			},
			{
				model: 'res.partner',
				method: 'create',
				vals: [{ country_id: 999, state_id: 5, name: 'x' }],
				relations: { country_id: 'res.country', state_id: 'res.country.state' },
			},
		);
		expect(error.message).toContain("'country_id' (res.country)");
		expect(error.message).toContain('relational fields in the values: state_id');
	});

	test('a secret in the server text never reaches message or details', () => {
		const error = toOdooError(
			{ code: 1, text: 'Traceback (most recent call last):\nValueError: bad key s3cr3t-key' },
			{},
			['s3cr3t-key'],
		);
		expect(error.message).not.toContain('s3cr3t-key');
		expect(error.details).not.toContain('s3cr3t-key');
	});

	test('a serialization failure is retryable and known not to have been applied', () => {
		const error = toOdooError({
			code: 1,
			text: 'Traceback (most recent call last):\npsycopg2.errors.SerializationFailure: could not serialize access due to concurrent update',
		});
		expect(error).toMatchObject({ kind: 'server', retryable: true, notApplied: true });
	});
});

describe('XML-RPC decoder', () => {
	test('decodes every recorded success response to the values Python sent', () => {
		const value = decodeMethodResponse(
			read('odoo16/xmlrpc', 'search_read_partner.response.xml'),
		) as Record<string, unknown>[];
		expect(Array.isArray(value)).toBe(true);
		expect(value[0]).toEqual(
			expect.objectContaining({ id: expect.any(Number), name: expect.any(String), active: true }),
		);
		expect(decodeMethodResponse(read('odoo16/xmlrpc', 'authenticate_ok.response.xml'))).toBe(2);
		expect(
			decodeMethodResponse(read('odoo16/xmlrpc', 'authenticate_bad_password.response.xml')),
		).toBe(false);
		expect(decodeMethodResponse(read('odoo16/xmlrpc', 'version.response.xml'))).toMatchObject({
			server_version: '16.0',
			protocol_version: 1,
		});
	});

	test('decodes entities, empty strings, nil, doubles and nested structures', () => {
		const xml =
			"<?xml version='1.0'?><methodResponse><params><param><value><struct>" +
			'<member><name>a&amp;b</name><value><string>x &lt;y&gt; &#233;</string></value></member>' +
			'<member><name>empty</name><value><string/></value></member>' +
			'<member><name>plain</name><value>untyped</value></member>' +
			'<member><name>n</name><value><nil/></value></member>' +
			'<member><name>f</name><value><double>1.5</double></value></member>' +
			'<member><name>m2o</name><value><array><data><value><int>3</int></value><value><string>Belgium</string></value></data></array></value></member>' +
			'</struct></value></param></params></methodResponse>';
		expect(decodeMethodResponse(xml)).toEqual({
			'a&b': 'x <y> é',
			empty: '',
			plain: 'untyped',
			n: null,
			f: 1.5,
			m2o: [3, 'Belgium'],
		});
	});

	test('a call cut by Odoo shutting down (as logged by a stopped Odoo 16) is an outage, known not applied', () => {
		const error = toOdooError(
			{
				name: 'psycopg2.InterfaceError',
				text: 'cursor already closed',
				debug:
					"Traceback (most recent call last):\nodoo.exceptions.CacheMiss: 'res.partner(1,).type'\n\nDuring handling of the above exception, another exception occurred:\n\nTraceback (most recent call last):\npsycopg2.InterfaceError: cursor already closed",
			},
			{ model: 'res.partner', method: 'create' },
		);
		expect(error).toMatchObject({ kind: 'network', retryable: true, notApplied: true });
		expect(error.message).toMatch(/shutting down \(cursor already closed; nothing was saved\)/);
	});
});
