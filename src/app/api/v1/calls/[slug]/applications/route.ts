export { postApplication as POST } from "@/server/api/application-submission-route";
