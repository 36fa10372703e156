"""Checks a krb5.conf: a default realm that is defined, with at least one KDC."""
import sys


def sections(text):
    current, result = None, {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            result[current] = []
        elif line and current:
            result[current].append(line)
    return result


def main(path):
    with open(path, encoding="utf-8") as handle:
        conf = sections(handle.read())
    pairs = (l.split("=", 1) for l in conf.get("libdefaults", []) if "=" in l)
    defaults = {key.strip(): value.strip() for key, value in pairs}
    realm = defaults.get("default_realm", "")
    if not realm:
        print(f"{path}: no default_realm in [libdefaults]")
        return 1
    realms = " ".join(conf.get("realms", []))
    if f"{realm} =" not in realms or "kdc =" not in realms:
        print(f"{path}: realm {realm} has no KDC in [realms]")
        return 1
    print(f"{path}: realm {realm} is configured")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
