// Replica set and users for Homeward; run by the homeward-mongodb-init Job (mongosh --nodb).
const fs = require("fs");
const read = (path) => fs.readFileSync(path, "utf8").trim();
const members = process.env.MONGODB_MEMBERS.split(",");
const tls = process.env.MONGODB_TLS === "true";
const options = tls ? "?tls=true&tlsCAFile=/etc/mongodb/tls/ca.crt" : "";

function connectWithRetry(url) {
  for (let attempt = 1; ; attempt++) {
    try {
      return connect(url);
    } catch (e) {
      if (attempt >= 60) throw e;
      print(`waiting for ${members[0]} (${e.codeName || e.name})`);
      sleep(5000);
    }
  }
}

// 1. The replica set: initiated from the first member, through the localhost exception.
let db0 = connectWithRetry(`mongodb://${members[0]}/admin${options}${options ? "&" : "?"}directConnection=true`);
let initiated = true;
try {
  db0.adminCommand({ replSetGetStatus: 1 });
} catch (e) {
  initiated = !(e.codeName === "NotYetInitialized");
  if (e.codeName === "Unauthorized") initiated = true;
}
if (!initiated) {
  db0.adminCommand({
    replSetInitiate: { _id: "rs0", members: members.map((host, i) => ({ _id: i, host })) },
  });
  print("replica set rs0 initiated");
  sleep(10000);
}

// 2. The administrator, created once through the localhost exception of the primary.
const adminUser = read("/var/run/secrets/homeward/mongodb-admin/username");
const adminPassword = read("/var/run/secrets/homeward/mongodb-admin/password");
const url = `mongodb://${members.join(",")}/admin${options}${options ? "&" : "?"}replicaSet=rs0`;
let admin;
try {
  admin = connectWithRetry(url);
  admin.auth(adminUser, adminPassword);
} catch (e) {
  admin = connectWithRetry(url);
  admin.createUser({ user: adminUser, pwd: adminPassword, roles: ["root"] });
  admin.auth(adminUser, adminPassword);
  print("administrator created");
}

// 3. One user per service, readWrite on its own database only.
for (const service of process.env.SERVICES.split(",")) {
  const user = `homeward-${service}`;
  const pwd = read(`/var/run/secrets/homeward/mongodb-users/${service}`);
  const roles = [{ role: "readWrite", db: `homeward_${service}` }];
  if (admin.getUser(user)) {
    admin.updateUser(user, { pwd, roles });
  } else {
    admin.createUser({ user, pwd, roles });
  }
  print(`user ${user} ready`);
}
