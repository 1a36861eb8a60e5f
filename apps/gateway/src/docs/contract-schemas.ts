import { ApiProperty } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import {
  AddressDto,
  CreateContactDto,
  CreateDealDto,
  ListContactsQuery,
  ListDealsQuery,
  MoneyDto,
  UpdateContactDto,
  UpdateDealDto,
} from '@app/contracts';

type Schema = Record<string, unknown>;

interface TypeMetadataStorage {
  findTypeMetadata(target: object, property: string): { typeFunction: () => unknown } | undefined;
}
// The `@Type(() => AddressDto)` of a nested property: its design type is only `Object` when the
// property is declared `AddressDto | null`. class-transformer keeps that storage off its typings.
const transformerStorage = // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('class-transformer/cjs/storage') as { defaultMetadataStorage: TypeMetadataStorage })
    .defaultMetadataStorage;

function nestedClassOf(cls: Constructor, property: string): Constructor | undefined {
  const declared = transformerStorage.findTypeMetadata(cls, property)?.typeFunction();
  const candidate =
    declared ?? (Reflect.getMetadata('design:type', cls.prototype as object, property) as unknown);
  return typeof candidate === 'function' && candidate !== Object && candidate !== Array
    ? (candidate as Constructor)
    : undefined;
}
type Constructor = new (...args: never[]) => object;

/** The contract classes the gateway's own routes take; billing's routes can add theirs. */
const CRM_CLASSES: Constructor[] = [
  AddressDto,
  MoneyDto,
  CreateContactDto,
  UpdateContactDto,
  ListContactsQuery,
  CreateDealDto,
  UpdateDealDto,
  ListDealsQuery,
];

const described = new WeakSet<Constructor>();

/**
 * The contract classes in libs/contracts carry class-validator decorators only (the Swagger CLI
 * plugin is not available). This derives each property's OpenAPI schema from those decorators,
 * so the published document follows the same classes that validate requests.
 */
export function describeContractClasses(classes: Constructor[] = CRM_CLASSES): void {
  for (const cls of classes) describeClass(cls);
}

export function describeClass(cls: Constructor): void {
  if (described.has(cls)) return;
  described.add(cls);
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  const byProperty = new Map<string, typeof metadatas>();
  for (const meta of metadatas) {
    const list = byProperty.get(meta.propertyName) ?? [];
    list.push(meta);
    byProperty.set(meta.propertyName, list);
  }
  for (const [property, list] of byProperty) {
    const schema: Schema = {};
    let required = true;
    for (const meta of list) {
      const constraints = (meta.constraints ?? []) as unknown[];
      if (meta.type === 'conditionalValidation') required = false;
      else if (meta.type === 'nestedValidation') {
        const nested = nestedClassOf(cls, property);
        if (nested) {
          describeClass(nested);
          schema.type = nested;
          if (meta.each) schema.isArray = true;
        }
      } else applyConstraint(schema, meta.name ?? '', constraints);
    }
    ApiProperty({ ...schema, required })(cls.prototype as object, property);
  }
}

function applyConstraint(schema: Schema, name: string, constraints: unknown[]): void {
  switch (name) {
    case 'isString':
    case 'isNotEmpty':
      schema.type ??= String;
      break;
    case 'isEmail':
      Object.assign(schema, { type: String, format: 'email' });
      break;
    case 'isUUID':
      Object.assign(schema, { type: String, format: 'uuid' });
      break;
    case 'isISO31661Alpha2':
      Object.assign(schema, { type: String, pattern: '^[A-Z]{2}$', example: 'RO' });
      break;
    case 'isDateString':
    case 'isISO8601':
      Object.assign(schema, { type: String, format: 'date' });
      break;
    case 'isBoolean':
      schema.type = Boolean;
      break;
    case 'isInt':
      schema.type = 'integer';
      break;
    case 'isNumber':
      schema.type = Number;
      break;
    case 'isIn':
      schema.enum = constraints[0];
      break;
    case 'matches':
      schema.type = String;
      if (constraints[0] instanceof RegExp) schema.pattern = constraints[0].source;
      break;
    case 'maxLength':
      schema.maxLength = constraints[0];
      break;
    case 'minLength':
      schema.minLength = constraints[0];
      break;
    case 'min':
      schema.minimum = constraints[0];
      break;
    case 'max':
      schema.maximum = constraints[0];
      break;
    case 'isArray':
      schema.isArray = true;
      break;
  }
}
