import { callDefinitionSchema, type CallDefinition, type CallDefinitionInput } from "./definition";

// The Tianwen-3 payload offer as a call definition: the questions, limits and wording of the expression of
// interest the portal has asked since the offer opened, so answers stored under the steps "lead", "payload"
// and "science" read the same against this definition. Labels are the application form's own texts; the form
// marks optional questions itself, so "(optional)" is not part of a label.

const MIB = 1024 * 1024;
const kilograms = { en: "kilograms", zh: "千克", symbol: "kg" };

const tianwen3: CallDefinitionInput = {
  pools: [
    { key: "orbiter", label: { en: "Orbiter", zh: "轨道器" }, unit: kilograms, capacity: 15 },
    { key: "service-module", label: { en: "Service module", zh: "服务舱" }, unit: kilograms, capacity: 5 },
  ],
  eligibility: [
    {
      key: "outsideChina",
      question: { en: "Is the lead institution based outside China, or an international organisation?", zh: "牵头机构是否位于中国境外，或为国际组织？" },
      refusal: {
        en: "The offer is for international partners: the lead institution must be based outside China or be an international organisation.",
        zh: "本机会面向国际合作伙伴：牵头机构须位于中国境外或为国际组织。",
      },
    },
    {
      key: "fundsDevelopment",
      question: { en: "Will your side fund the development of the payload?", zh: "贵方是否承担载荷研制经费？" },
      refusal: { en: "Payloads fly free of charge, but each partner funds the development of its own payload.", zh: "载荷免费搭载，但各合作伙伴须自行承担载荷研制经费。" },
    },
    {
      key: "sharesData",
      question: { en: "Will you share the payload's data with China?", zh: "贵方是否与中方共享载荷数据？" },
      refusal: { en: "Partners share the data their payload returns with China; this is a condition of the offer.", zh: "合作伙伴须与中方共享载荷获取的数据，这是本机会的合作条件。" },
    },
  ],
  rubric: {
    criteria: [
      {
        key: "scientificValue",
        label: { en: "Scientific value", zh: "科学价值" },
        help: { en: "How much the payload's results would add to Mars science and to the mission's objectives.", zh: "载荷成果对火星科学和任务目标的贡献。" },
        weight: 1,
      },
      {
        key: "technicalFeasibility",
        label: { en: "Technical feasibility", zh: "技术可行性" },
        help: {
          en: "How ready the payload is (readiness level, heritage) and how well it fits the carrier's mass, power and data.",
          zh: "载荷的成熟程度（技术成熟度、继承性），以及与搭载平台质量、功耗和数据资源的匹配程度。",
        },
        weight: 1,
      },
      {
        key: "cooperationDiversity",
        label: { en: "Diversity of cooperation", zh: "合作多样性" },
        help: {
          en: "How widely the cooperation reaches: partner countries and regions, kinds of institution, first-time partners.",
          zh: "合作的覆盖面：合作国家和地区、机构类型，以及是否为首次合作的伙伴。",
        },
        weight: 1,
      },
    ],
    scale: { min: 1, max: 5 },
    instructions: { en: "1 is weak, 3 is sound, 5 is excellent.", zh: "1分为较弱，3分为合格，5分为优秀。" },
  },
  stages: [
    {
      key: "expression-of-interest",
      form: {
        rules: [{ type: "lte", question: "averagePowerW", than: "peakPowerW", error: "averageAbovePeak" }],
        pages: [
          {
            key: "lead",
            title: { en: "Lead institution and contacts", zh: "牵头机构和联系人" },
            questions: [
              { key: "institutionName", type: "shortText", label: { en: "Lead institution name", zh: "牵头机构名称" }, required: true, minLength: 2, maxLength: 200 },
              {
                key: "institutionType",
                type: "singleChoice",
                label: { en: "Type of institution", zh: "机构类型" },
                required: true,
                options: [
                  { value: "UNIVERSITY", label: { en: "University", zh: "大学" } },
                  { value: "AGENCY", label: { en: "Government agency", zh: "政府机构" } },
                  { value: "RESEARCH_INSTITUTE", label: { en: "Research institute", zh: "科研机构" } },
                  { value: "INTERNATIONAL_ORGANISATION", label: { en: "International organisation", zh: "国际组织" } },
                ],
              },
              {
                key: "country",
                type: "country",
                label: { en: "Country or region (two-letter code)", zh: "国家或地区（两位代码）" },
                help: {
                  en: "For example FR for France, BR for Brazil. Leave empty for an international organisation.",
                  zh: "例如法国填FR，巴西填BR。国际组织请留空。",
                },
                required: true,
                // Asked while the type is unknown too, as the form always has: only an international organisation has none.
                showIf: { question: "institutionType", notEquals: "INTERNATIONAL_ORGANISATION" },
              },
              { key: "contactName", type: "shortText", label: { en: "Contact person's full name", zh: "联系人姓名" }, required: true, minLength: 2, maxLength: 120 },
              { key: "contactEmail", type: "email", label: { en: "Contact person's email address", zh: "联系人电子邮箱" }, required: true },
              { key: "contactPhone", type: "shortText", label: { en: "Contact telephone", zh: "联系电话" }, required: false, maxLength: 40 },
              {
                key: "participants",
                type: "group",
                label: { en: "Participating entities", zh: "参与单位" },
                help: { en: "Up to 4 institutions besides the lead one.", zh: "除牵头机构外最多4个单位。" },
                required: false,
                maxItems: 4,
                questions: [
                  { key: "name", type: "shortText", label: { en: "Entity name", zh: "参与单位名称" }, required: true, minLength: 2, maxLength: 200 },
                  { key: "country", type: "country", label: { en: "Entity country or region", zh: "参与单位所在国家或地区" }, required: true },
                ],
              },
            ],
          },
          {
            key: "payload",
            title: { en: "Payload", zh: "载荷" },
            questions: [
              { key: "payloadName", type: "shortText", label: { en: "Payload name", zh: "载荷名称" }, required: true, minLength: 2, maxLength: 120 },
              {
                key: "payloadKind",
                type: "singleChoice",
                label: { en: "Kind of payload", zh: "载荷类型" },
                required: true,
                options: [
                  { value: "INSTRUMENT", label: { en: "Scientific instrument", zh: "科学仪器" } },
                  { value: "TECHNOLOGY_DEMONSTRATION", label: { en: "Technology demonstration", zh: "技术验证" } },
                  { value: "OTHER", label: { en: "Other", zh: "其他" } },
                ],
              },
              {
                key: "carrier",
                type: "singleChoice",
                label: { en: "Where it would fly", zh: "搭载平台" },
                required: true,
                options: [
                  { value: "ORBITER", label: { en: "Orbiter (15 kg offered)", zh: "轨道器（开放15千克）" }, pool: "orbiter" },
                  { value: "SERVICE_MODULE", label: { en: "Service module (5 kg offered)", zh: "服务舱（开放5千克）" }, pool: "service-module" },
                ],
              },
              {
                key: "massKg",
                type: "resource",
                label: { en: "Mass (kg)", zh: "质量（千克）" },
                help: { en: "Decimal allowed, for example 2.5.", zh: "可填小数，例如2.5。" },
                required: true,
                poolFrom: "carrier",
                step: 0.001,
              },
              { key: "peakPowerW", type: "number", label: { en: "Peak power (W)", zh: "峰值功耗（瓦）" }, unit: { en: "W", zh: "瓦" }, required: true, min: 0, max: 10_000 },
              { key: "averagePowerW", type: "number", label: { en: "Average power (W)", zh: "平均功耗（瓦）" }, unit: { en: "W", zh: "瓦" }, required: true, min: 0, max: 10_000 },
              { key: "lengthMm", type: "number", label: { en: "Length (mm)", zh: "长（毫米）" }, unit: { en: "mm", zh: "毫米" }, required: true, positive: true, integer: true, max: 5000 },
              { key: "widthMm", type: "number", label: { en: "Width (mm)", zh: "宽（毫米）" }, unit: { en: "mm", zh: "毫米" }, required: true, positive: true, integer: true, max: 5000 },
              { key: "heightMm", type: "number", label: { en: "Height (mm)", zh: "高（毫米）" }, unit: { en: "mm", zh: "毫米" }, required: true, positive: true, integer: true, max: 5000 },
              {
                key: "dataVolumeMbPerDay",
                type: "number",
                label: { en: "Data volume per day (MB)", zh: "每日数据量（MB）" },
                unit: { en: "MB", zh: "MB" },
                required: true,
                min: 0,
                max: 1_000_000,
              },
              { key: "pointingNeeds", type: "longText", label: { en: "Pointing needs", zh: "指向需求" }, required: true, min: 2, limit: { unit: "characters", max: 1000 } },
              { key: "thermalNeeds", type: "longText", label: { en: "Thermal needs", zh: "热控需求" }, required: true, min: 2, limit: { unit: "characters", max: 1000 } },
              { key: "trl", type: "number", label: { en: "Technology readiness level (1 to 9)", zh: "技术成熟度（1至9级）" }, required: true, integer: true, min: 1, max: 9 },
              {
                key: "heritage",
                type: "longText",
                label: { en: "Heritage: where this payload or its parts have flown or been tested", zh: "继承性：该载荷或其部件的飞行或试验经历" },
                required: true,
                min: 2,
                limit: { unit: "characters", max: 2000 },
              },
            ],
          },
          {
            key: "science",
            title: { en: "Science", zh: "科学目标" },
            questions: [
              {
                key: "objectives",
                type: "multipleChoice",
                label: { en: "Which of the mission's objectives does it serve?", zh: "该载荷服务于任务的哪些目标？" },
                required: true,
                options: [
                  { value: "SIGNS_OF_LIFE", label: { en: "Signs of life", zh: "生命迹象" } },
                  { value: "CLIMATE_HISTORY", label: { en: "Climate and its history", zh: "气候及其演化" } },
                  { value: "GEOLOGY", label: { en: "Geology", zh: "地质" } },
                  { value: "INTERNAL_STRUCTURE", label: { en: "Internal structure", zh: "内部结构" } },
                  { value: "OTHER", label: { en: "Other", zh: "其他" } },
                ],
              },
              {
                key: "otherObjective",
                type: "shortText",
                label: { en: "Describe the other objective", zh: "请说明其他目标" },
                required: true,
                maxLength: 500,
                showIf: { question: "objectives", equals: "OTHER" },
              },
              { key: "expectedResults", type: "longText", label: { en: "Expected results", zh: "预期成果" }, required: true, min: 20, limit: { unit: "characters", max: 4000 } },
              {
                key: "dataSharing",
                type: "longText",
                label: { en: "How you will share the data with China", zh: "与中方共享数据的方式" },
                required: true,
                min: 20,
                limit: { unit: "characters", max: 2000 },
              },
            ],
          },
          {
            key: "attachments",
            title: { en: "Attachments", zh: "附件" },
            questions: [
              {
                key: "technicalDescription",
                type: "attachment",
                label: { en: "Technical description", zh: "技术说明" },
                required: true,
                attachmentKind: "TECHNICAL_DESCRIPTION",
                maxBytes: 10 * MIB,
                maxFiles: 1,
              },
              {
                key: "lettersOfSupport",
                type: "attachment",
                label: { en: "Letter of support", zh: "支持函" },
                required: false,
                attachmentKind: "LETTER_OF_SUPPORT",
                maxBytes: 10 * MIB,
                maxFiles: 5,
              },
            ],
          },
        ],
      },
    },
  ],
};

/** Parsed once: a definition the meta-schema refuses fails where it is loaded, not in front of an applicant. */
export const tianwen3Definition: CallDefinition = callDefinitionSchema.parse(tianwen3);
export const TIANWEN3_STAGE = "expression-of-interest";
