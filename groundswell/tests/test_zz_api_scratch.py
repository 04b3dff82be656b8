import json
from groundswell.testing import BaseTestCase
from groundswell.people import actions


class Scratch(BaseTestCase):
    def test_it_scratch(self):
        _, raw = actions.create_api_token(self.member, name="t")
        h = {"Authorization": f"Bearer {raw}"}
        cid = self.community.pk
        for method, url, body in [
            ("get", "/api/v1/me", None),
            ("get", "/api/v1/people?limit=2", None),
            ("get", "/api/v1/people/99999999999999999999999", None),
            ("get", "/api/v1/people/9223372036854775808", None),
            ("get", "/api/v1/people/abc", None),
            ("get", "/api/v1/people?limit=501&offset=-1&profession=astronaut", None),
            ("get", "/api/v1/people?organisation=abc", None),
            ("get", "/api/v1/people?q=%00", None),
            ("get", f"/api/v1/communities/{cid}", None),
            ("get", f"/api/v1/communities/{cid}/members", None),
            ("delete", f"/api/v1/communities/{cid}/members/{self.core.pk}", None),
            ("post", "/api/v1/communities", "{bad json"),
            ("post", "/api/v1/communities", ""),
            ("post", "/api/v1/communities", "[]"),
            ("post", "/api/v1/communities", json.dumps({"name": "X\u0000", "purpose": "p"})),
            ("post", "/api/v1/communities", '{"name": "\\ud800", "purpose": "p"}'),
            ("post", "/api/v1/communities", json.dumps({"name": "X", "purpose": "p", "lifecycle": "closed"})),
            ("post", "/api/v1/communities", json.dumps({"name": "X", "purpose": "p", "lifecycle": "active"})),
            ("patch", f"/api/v1/people/{self.member.pk}", json.dumps({"profession": None})),
            (
                "patch",
                f"/api/v1/people/{self.member.pk}",
                json.dumps({"region": None, "visibility": {"email": "only_me"}, "expertise": ["Cancer care"]}),
            ),
            ("put", "/api/v1/me", None),
            ("get", "/api/v1/nothing/here", None),
            ("get", "/api/v1/me/", None),
        ]:
            kw = {"content_type": "application/json"} if body is not None else {}
            r = (
                getattr(self.client, method)(url, body, headers=h, **kw)
                if body is not None
                else getattr(self.client, method)(url, headers=h)
            )
            print(method.upper(), url, r.status_code, r.content[:600])
