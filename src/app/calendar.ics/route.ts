import { handleApi } from "@/server/api/respond";
import { buildCalendar } from "@/server/open-data/files";
import { respondWithFile } from "@/server/open-data/respond";

// /calendar.ics: application dates of every published call and the published milestones, as all-day events.
export const GET = handleApi(async (request) =>
  respondWithFile(request, Buffer.from(await buildCalendar(), "utf8"), {
    fileName: "calendar.ics",
    contentType: "text/calendar; charset=utf-8",
  }),
);
