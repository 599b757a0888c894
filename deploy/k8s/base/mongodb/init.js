// Replica set and users for Homeward; run by the homeward-mongodb-init Job (mongosh --nodb).
// The administrator exists already: each member's entrypoint made it from the same Secret.
const fs = require("fs");
const read = (path) => fs.readFileSync(path, "utf8").trim();
const members = process.env.MONGODB_MEMBERS.split(",");
const tls = process.env.MONGODB_TLS === "true" ? "&tls=true&tlsCAFile=/etc/mongodb/tls/ca.crt" : "";
const user = encodeURIComponent(read("/var/run/secrets/homeward/mongodb-admin/username"));
const password = encodeURIComponent(read("/var/run/secrets/homeward/mongodb-admin/password"));
const credentials = `${user}:${password}@`;

function connectWithRetry(url, what) {
  for (let attempt = 1; ; attempt++) {
    try {
      const db = connect(url);
      db.adminCommand({ ping: 1 });
      return db;
    } catch (e) {
      if (attempt >= 120) throw e;
      print(`waiting for ${what} (${e.codeName || e.name})`);
      sleep(5000);
    }
  }
}

// 1. The replica set, initiated once from the first member.
const first = connectWithRetry(
  `mongodb://${credentials}${members[0]}/admin?authSource=admin&directConnection=true${tls}`,
  members[0],
);
let initiated = true;
try {
  first.adminCommand({ replSetGetStatus: 1 });
} catch (e) {
  if (e.codeName !== "NotYetInitialized") throw e;
  initiated = false;
}
if (!initiated) {
  first.adminCommand({
    replSetInitiate: { _id: "rs0", members: members.map((host, i) => ({ _id: i, host })) },
  });
  print("replica set rs0 initiated");
}

// 2. One user per service, readWrite on its own database and on the databases every service
// shares (the key store of the workers' data keys), written on the primary.
const admin = connectWithRetry(
  `mongodb://${credentials}${members.join(",")}/admin?authSource=admin&replicaSet=rs0${tls}`,
  "the primary",
);
const shared = (process.env.SHARED_DATABASES || "").split(",").filter((db) => db);
for (const service of process.env.SERVICES.split(",")) {
  const name = `homeward-${service}`;
  const pwd = read(`/var/run/secrets/homeward/mongodb-users/${service}`);
  const roles = [`homeward_${service}`, ...shared].map((db) => ({ role: "readWrite", db }));
  if (admin.getUser(name)) {
    admin.updateUser(name, { pwd, roles });
  } else {
    admin.createUser({ user: name, pwd, roles });
  }
  print(`user ${name} ready`);
}
