import type { Permission } from "./permissions";
import {
  agreementStatusSchema,
  institutionTypeSchema,
  missionStatusSchema,
  opportunityKindSchema,
  recordedStatusSchema,
  projectKindSchema,
  targetBodySchema,
} from "./validation/public-data";

// Each content kind the staff panel edits, declared once as plain data: its URL segment, audit name, permissions,
// list (columns, filters, sorts, search), CSV columns and the public data it shows in. The list, new, edit and
// delete pages, the export route, the save and delete actions, the repository and the access tests all read it.
// Labels are message keys under "Content"; `messages` names the namespace that labels an enum's values.

/** Stands for the direction the list is sorted in, inside an `orderBy`. */
export const DIR = "dir";

type Order = Record<string, unknown>;

/** What a list cell shows, from the fields of the kind's list row. */
export type Cell =
  /** The row's name in the page's language, linked to the record. */
  | { type: "name"; en: string; zh: string }
  | { type: "text"; field: string; breakAll?: boolean }
  | { type: "code"; field: string }
  | { type: "localized"; en: string; zh: string }
  | { type: "label"; field: string; messages: string; link?: { kind: string; idField: string }; empty?: string }
  | { type: "number"; field: string; alert?: { field: string; message: string } }
  | { type: "counts"; fields: { field: string; label: string }[] }
  | { type: "day"; field: string }
  | { type: "date"; field: string }
  | { type: "datetime"; field: string }
  | { type: "country"; field: string; none: string }
  | { type: "names"; field: string }
  | { type: "published" };

export interface Column {
  key: string;
  label: string;
  /** The value of ?sort= that sorts by this column. */
  sort?: string;
  cell: Cell;
  wide?: boolean;
}

/**
 * A list filter. Its values are listed here, or come from the data ("countries", or the opportunities of one kind).
 * The query is `{ [field ?? name]: value }` unless the kind's repository entry says otherwise.
 */
export interface Filter {
  name: string;
  label: string;
  values?: readonly string[];
  from?: "countries" | { opportunities: (typeof opportunityKindSchema.options)[number] };
  /** Labels each value: a namespace (its keys are the values), or a message key per value under "Content"/"AdminList". */
  messages?: string;
  optionLabels?: Record<string, string>;
  field?: string;
}

export interface ContentKindDefinition {
  slug: string;
  /** The audit trail's name for the record, and the Prisma model. */
  entity: "Mission" | "Opportunity" | "Institution" | "CooperationProject" | "SampleLoanAward" | "LoanAgreement" | "Source";
  permissions: { read: Permission; write: Permission; export: readonly Permission[] };
  /** Has a draft/published flag: drafts are seen only in the panel. */
  publishable: boolean;
  /** The public data a change shows in (cache tags). */
  tags: readonly ("missions" | "opportunities" | "institutions" | "projects")[];
  list: {
    columns: readonly Column[];
    filters: readonly Filter[];
    /** Each ?sort= value and its order; DIR is replaced by the direction asked for. */
    sorts: Record<string, Order[]>;
    defaultSort: string;
    /** Fields the search box looks in; "a.b" reaches into a related record. */
    search: readonly string[];
  };
  /** The CSV export: a header and the list row's field, in order. */
  csv: readonly (readonly [header: string, field: string])[];
}

const PERMISSIONS = { read: "content.read", write: "content.write", export: ["exports.download", "content.read"] } as const;

const published: Column = { key: "published", label: "common.publication", cell: { type: "published" } };
const updated: Column = { key: "updated", label: "common.updated", sort: "updated", cell: { type: "datetime", field: "updatedAt" } };
const publication: Filter = { name: "published", label: "common.publication", values: ["published", "draft"], messages: "AdminList" };
const byUpdated = { updated: [{ updatedAt: DIR }] };

export const CONTENT_KINDS = {
  missions: {
    slug: "missions",
    entity: "Mission",
    permissions: PERMISSIONS,
    publishable: true,
    tags: ["missions", "opportunities"],
    list: {
      columns: [
        { key: "name", label: "missions.name", sort: "name", cell: { type: "name", en: "nameEn", zh: "nameZh" }, wide: true },
        { key: "slug", label: "fields.slug", sort: "slug", cell: { type: "code", field: "slug" } },
        { key: "body", label: "fields.body", sort: "body", cell: { type: "label", field: "body", messages: "Body" } },
        { key: "status", label: "fields.missionStatus", sort: "status", cell: { type: "label", field: "status", messages: "MissionStatus" } },
        { key: "opportunities", label: "missions.opportunities", cell: { type: "number", field: "opportunities" } },
        published,
        updated,
      ],
      filters: [
        { name: "status", label: "fields.missionStatus", values: missionStatusSchema.options, messages: "MissionStatus" },
        { name: "body", label: "fields.body", values: targetBodySchema.options, messages: "Body" },
        publication,
      ],
      sorts: {
        name: [{ nameEn: DIR }],
        slug: [{ slug: DIR }],
        status: [{ status: DIR }, { nameEn: "asc" }],
        body: [{ body: DIR }, { nameEn: "asc" }],
        ...byUpdated,
      },
      defaultSort: "name",
      search: ["slug", "nameEn", "nameZh"],
    },
    csv: [
      ["id", "id"],
      ["slug", "slug"],
      ["nameEn", "nameEn"],
      ["nameZh", "nameZh"],
      ["body", "body"],
      ["status", "status"],
      ["opportunities", "opportunities"],
      ["published", "published"],
      ["updatedAt", "updatedAt"],
    ],
  },
  opportunities: {
    slug: "opportunities",
    entity: "Opportunity",
    permissions: PERMISSIONS,
    publishable: true,
    tags: ["opportunities", "missions", "projects", "institutions"],
    list: {
      columns: [
        { key: "title", label: "opportunities.name", sort: "title", cell: { type: "name", en: "titleEn", zh: "titleZh" }, wide: true },
        { key: "mission", label: "fields.mission", cell: { type: "localized", en: "missionNameEn", zh: "missionNameZh" }, wide: true },
        { key: "kind", label: "fields.kind", sort: "kind", cell: { type: "label", field: "kind", messages: "Kind" } },
        { key: "status", label: "fields.callStatus", sort: "status", cell: { type: "label", field: "status", messages: "Status" } },
        { key: "closes", label: "opportunities.closes", sort: "closes", cell: { type: "day", field: "closesOn" } },
        published,
        updated,
      ],
      filters: [
        { name: "status", label: "fields.callStatus", values: recordedStatusSchema.options, messages: "Status" },
        { name: "kind", label: "fields.kind", values: opportunityKindSchema.options, messages: "Kind" },
        publication,
      ],
      sorts: {
        title: [{ titleEn: DIR }],
        slug: [{ slug: DIR }],
        kind: [{ kind: DIR }, { titleEn: "asc" }],
        status: [{ status: DIR }, { titleEn: "asc" }],
        closes: [{ closesOn: { sort: DIR, nulls: "last" } }, { titleEn: "asc" }],
        ...byUpdated,
      },
      defaultSort: "title",
      search: ["slug", "titleEn", "titleZh"],
    },
    csv: [
      ["id", "id"],
      ["slug", "slug"],
      ["titleEn", "titleEn"],
      ["titleZh", "titleZh"],
      ["mission", "missionNameEn"],
      ["kind", "kind"],
      ["status", "status"],
      ["opensOn", "opensOn"],
      ["closesOn", "closesOn"],
      ["timeZone", "timeZone"],
      ["contactEmail", "contactEmail"],
      ["published", "published"],
      ["updatedAt", "updatedAt"],
    ],
  },
  institutions: {
    slug: "institutions",
    entity: "Institution",
    permissions: PERMISSIONS,
    publishable: true,
    tags: ["institutions", "opportunities", "projects"],
    list: {
      columns: [
        { key: "name", label: "institutions.name", sort: "name", cell: { type: "name", en: "nameEn", zh: "nameZh" }, wide: true },
        { key: "type", label: "fields.institutionType", sort: "type", cell: { type: "label", field: "type", messages: "InstitutionType" } },
        { key: "country", label: "institutions.country", sort: "country", cell: { type: "country", field: "countryCode", none: "institutions.international" } },
        { key: "awards", label: "institutions.awards", cell: { type: "number", field: "awards" } },
        { key: "projects", label: "institutions.projects", cell: { type: "number", field: "projects" } },
        published,
        updated,
      ],
      filters: [
        { name: "type", label: "fields.institutionType", values: institutionTypeSchema.options, messages: "InstitutionType" },
        { name: "country", label: "institutions.country", from: "countries", field: "countryCode" },
        publication,
      ],
      sorts: {
        name: [{ nameEn: DIR }],
        slug: [{ slug: DIR }],
        type: [{ type: DIR }, { nameEn: "asc" }],
        country: [{ countryCode: { sort: DIR, nulls: "last" } }, { nameEn: "asc" }],
        ...byUpdated,
      },
      defaultSort: "name",
      search: ["slug", "nameEn", "nameZh"],
    },
    csv: [
      ["id", "id"],
      ["slug", "slug"],
      ["nameEn", "nameEn"],
      ["nameZh", "nameZh"],
      ["type", "type"],
      ["countryCode", "countryCode"],
      ["awards", "awards"],
      ["projects", "projects"],
      ["published", "published"],
      ["updatedAt", "updatedAt"],
    ],
  },
  projects: {
    slug: "projects",
    entity: "CooperationProject",
    permissions: PERMISSIONS,
    publishable: true,
    tags: ["projects", "opportunities", "institutions"],
    list: {
      columns: [
        { key: "title", label: "projects.name", sort: "title", cell: { type: "name", en: "titleEn", zh: "titleZh" }, wide: true },
        { key: "position", label: "fields.position", sort: "position", cell: { type: "number", field: "position" } },
        { key: "kind", label: "fields.projectKind", sort: "kind", cell: { type: "label", field: "kind", messages: "ProjectKind" } },
        { key: "partners", label: "projects.partners", cell: { type: "names", field: "partners" }, wide: true },
        published,
        updated,
      ],
      filters: [
        { name: "kind", label: "fields.projectKind", values: projectKindSchema.options, messages: "ProjectKind" },
        { name: "opportunity", label: "fields.opportunity", from: { opportunities: "PAYLOAD_SELECTION" }, field: "opportunityId" },
        publication,
      ],
      sorts: {
        position: [{ opportunity: { titleEn: "asc" } }, { position: DIR }],
        title: [{ titleEn: DIR }],
        kind: [{ kind: DIR }, { position: "asc" }],
        ...byUpdated,
      },
      defaultSort: "position",
      search: ["slug", "titleEn", "titleZh"],
    },
    csv: [
      ["id", "id"],
      ["slug", "slug"],
      ["titleEn", "titleEn"],
      ["titleZh", "titleZh"],
      ["opportunity", "opportunityTitleEn"],
      ["position", "position"],
      ["kind", "kind"],
      ["partners", "partners"],
      ["published", "published"],
      ["updatedAt", "updatedAt"],
    ],
  },
  awards: {
    slug: "awards",
    entity: "SampleLoanAward",
    permissions: PERMISSIONS,
    publishable: true,
    tags: ["opportunities", "institutions"],
    list: {
      columns: [
        {
          key: "institution",
          label: "fields.institution",
          sort: "institution",
          cell: { type: "name", en: "institutionNameEn", zh: "institutionNameZh" },
          wide: true,
        },
        { key: "country", label: "institutions.country", cell: { type: "country", field: "countryCode", none: "institutions.international" } },
        { key: "opportunity", label: "fields.opportunity", sort: "opportunity", cell: { type: "localized", en: "opportunityTitleEn", zh: "opportunityTitleZh" }, wide: true },
        {
          key: "agreement",
          label: "awards.agreement",
          cell: { type: "label", field: "agreementStatus", messages: "Agreement", link: { kind: "agreements", idField: "agreementId" }, empty: "none" },
        },
        published,
        updated,
      ],
      filters: [
        { name: "opportunity", label: "fields.opportunity", from: { opportunities: "SAMPLE_LOAN" }, field: "opportunityId" },
        { name: "agreement", label: "awards.agreementFilter", values: [...agreementStatusSchema.options, "none"], messages: "Agreement" },
        publication,
      ],
      sorts: {
        institution: [{ institution: { nameEn: DIR } }],
        opportunity: [{ opportunity: { titleEn: DIR } }, { institution: { nameEn: "asc" } }],
        ...byUpdated,
      },
      defaultSort: "institution",
      search: ["institution.nameEn", "institution.nameZh", "institution.slug"],
    },
    csv: [
      ["id", "id"],
      ["institutionEn", "institutionNameEn"],
      ["institutionZh", "institutionNameZh"],
      ["countryCode", "countryCode"],
      ["opportunity", "opportunityTitleEn"],
      ["agreementStatus", "agreementStatus"],
      ["published", "published"],
      ["updatedAt", "updatedAt"],
    ],
  },
  agreements: {
    slug: "agreements",
    entity: "LoanAgreement",
    permissions: PERMISSIONS,
    publishable: false,
    tags: ["opportunities", "institutions"],
    list: {
      columns: [
        {
          key: "institution",
          label: "fields.institution",
          sort: "institution",
          cell: { type: "name", en: "institutionNameEn", zh: "institutionNameZh" },
          wide: true,
        },
        { key: "opportunity", label: "fields.opportunity", cell: { type: "localized", en: "opportunityTitleEn", zh: "opportunityTitleZh" }, wide: true },
        { key: "status", label: "fields.agreementStatus", sort: "status", cell: { type: "label", field: "status", messages: "Agreement" } },
        { key: "signed", label: "fields.signedOn", sort: "signed", cell: { type: "day", field: "signedOn" } },
        { key: "expires", label: "fields.expiresOn", sort: "expires", cell: { type: "day", field: "expiresOn" } },
        {
          key: "obligations",
          label: "agreements.open",
          cell: { type: "number", field: "openObligations", alert: { field: "overdueObligations", message: "agreements.overdueCount" } },
        },
      ],
      filters: [
        { name: "status", label: "fields.agreementStatus", values: agreementStatusSchema.options, messages: "Agreement" },
        { name: "overdue", label: "agreements.overdueFilter", values: ["yes"], optionLabels: { yes: "agreements.overdueOnly" } },
      ],
      sorts: {
        institution: [{ award: { institution: { nameEn: DIR } } }],
        status: [{ status: DIR }, { award: { institution: { nameEn: "asc" } } }],
        signed: [{ signedOn: { sort: DIR, nulls: "last" } }],
        expires: [{ expiresOn: { sort: DIR, nulls: "last" } }],
        ...byUpdated,
      },
      defaultSort: "institution",
      search: ["award.institution.nameEn", "award.institution.nameZh", "award.institution.slug"],
    },
    csv: [
      ["id", "id"],
      ["institutionEn", "institutionNameEn"],
      ["institutionZh", "institutionNameZh"],
      ["opportunity", "opportunityTitleEn"],
      ["status", "status"],
      ["signedOn", "signedOn"],
      ["expiresOn", "expiresOn"],
      ["openObligations", "openObligations"],
      ["overdueObligations", "overdueObligations"],
      ["updatedAt", "updatedAt"],
    ],
  },
  sources: {
    slug: "sources",
    entity: "Source",
    permissions: PERMISSIONS,
    publishable: false,
    tags: ["missions", "opportunities"],
    list: {
      columns: [
        { key: "label", label: "fields.label", sort: "label", cell: { type: "name", en: "label", zh: "label" }, wide: true },
        { key: "reference", label: "fields.reference", sort: "reference", cell: { type: "text", field: "reference", breakAll: true }, wide: true },
        {
          key: "cited",
          label: "sources.cited",
          cell: {
            type: "counts",
            fields: [
              { field: "missions", label: "missions.title" },
              { field: "opportunities", label: "opportunities.title" },
            ],
          },
        },
        { key: "created", label: "common.created", sort: "created", cell: { type: "date", field: "createdAt" } },
      ],
      filters: [{ name: "cited", label: "sources.citedFilter", values: ["yes", "no"], messages: "AdminList" }],
      sorts: { reference: [{ reference: DIR }], label: [{ label: DIR }], created: [{ createdAt: DIR }] },
      defaultSort: "reference",
      search: ["reference", "label", "url"],
    },
    csv: [
      ["id", "id"],
      ["reference", "reference"],
      ["label", "label"],
      ["url", "url"],
      ["missions", "missions"],
      ["opportunities", "opportunities"],
      ["createdAt", "createdAt"],
    ],
  },
} as const satisfies Record<string, ContentKindDefinition>;

export type ContentKind = keyof typeof CONTENT_KINDS;
export const CONTENT_KIND_SLUGS = Object.keys(CONTENT_KINDS) as ContentKind[];
export type PublishableKind = { [K in ContentKind]: (typeof CONTENT_KINDS)[K]["publishable"] extends true ? K : never }[ContentKind];
export const PUBLISHABLE_KINDS = CONTENT_KIND_SLUGS.filter((kind) => CONTENT_KINDS[kind].publishable) as PublishableKind[];

export const isContentKind = (value: unknown): value is ContentKind => typeof value === "string" && Object.hasOwn(CONTENT_KINDS, value);

/** The kind's definition, widened to the common shape for code that serves every kind. */
export const contentKind = (kind: ContentKind): ContentKindDefinition => CONTENT_KINDS[kind];

/** What a kind's pages require; for a segment that names no kind, what reading or writing any content requires. */
export const contentPermission = (kind: string, access: "read" | "write"): Permission =>
  isContentKind(kind) ? CONTENT_KINDS[kind].permissions[access] : access === "read" ? "content.read" : "content.write";
